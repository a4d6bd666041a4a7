import { describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyReply } from 'fastify';
import { addHeaders } from './reply-headers.js';

const SET = { 'x-one': '1', 'x-two': 'two', 'content-security-policy': "default-src 'self'" };

/** The headers a route's answer carries when it sets SET through `set`, after an earlier header and before a later one. */
async function answerHeaders(set: (reply: FastifyReply) => void): Promise<Record<string, unknown>> {
  const fastify = Fastify();
  fastify.get('/', async (_request, reply) => {
    void reply.header('x-before', 'b');
    set(reply);
    return reply.header('x-two', 'overridden').send({ ok: true });
  });
  const response = await fastify.inject({ method: 'GET', url: '/' });
  await fastify.close();
  const { date: _date, ...headers } = response.headers;
  return headers;
}

describe('addHeaders', () => {
  it("answers with exactly the headers reply.headers() gives, earlier ones kept and later ones winning", async () => {
    const viaFastify = await answerHeaders((reply) => void reply.headers(SET));
    const direct = await answerHeaders((reply) => addHeaders(reply, SET));
    expect(direct).toEqual(viaFastify);
    expect(direct).toMatchObject({ 'x-before': 'b', 'x-one': '1', 'x-two': 'overridden', 'content-security-policy': "default-src 'self'" });
  });

  it('gives the same answer when it comes first, before any other header', async () => {
    const viaFastify = await answerHeaders((reply) => void reply.removeHeader('x-before').headers(SET));
    const direct = await answerHeaders((reply) => {
      void reply.removeHeader('x-before');
      addHeaders(reply, SET);
    });
    expect(direct).toEqual(viaFastify);
    expect(direct['x-before']).toBeUndefined();
  });

  it('is visible to reply.getHeader and removable with reply.removeHeader, as any header', async () => {
    const fastify = Fastify();
    fastify.get('/', async (_request, reply) => {
      addHeaders(reply, SET);
      void reply.removeHeader('x-one');
      return { two: reply.getHeader('x-two') ?? null };
    });
    const response = await fastify.inject({ method: 'GET', url: '/' });
    await fastify.close();
    expect(response.json()).toEqual({ two: 'two' });
    expect(response.headers['x-one']).toBeUndefined();
  });
});
