import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { registerSecurityHeaders, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  const headers = new Map(securityHeaders().map(([name, value]) => [name.toLowerCase(), value]));

  it('forbids framing and sniffing', () => {
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('carries the API CSP, without upgrading to https', () => {
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});

describe('registerSecurityHeaders', () => {
  const expected = Object.fromEntries(securityHeaders().map(([name, value]) => [name.toLowerCase(), value]));

  async function server(): Promise<ReturnType<typeof Fastify>> {
    const fastify = Fastify();
    registerSecurityHeaders(fastify);
    fastify.get('/json', async (_request, reply) => reply.header('x-own', 'kept').send({ ok: true }));
    fastify.get('/stream', async (_request, reply) => reply.type('text/event-stream').send(Readable.from(['data: 1\n\n'])));
    fastify.get('/fails', async () => {
      throw Object.assign(new Error('refused'), { statusCode: 429 });
    });
    await fastify.ready();
    return fastify;
  }

  it.each(['/json', '/stream', '/fails', '/nowhere'])('every header of the set, with its value, on %s', async (path) => {
    const fastify = await server();
    try {
      const response = await fastify.inject(path);
      expect(Object.keys(expected).length).toBeGreaterThanOrEqual(10);
      for (const [name, value] of Object.entries(expected)) expect([name, response.headers[name]]).toEqual([name, value]);
    } finally {
      await fastify.close();
    }
  });

  it("a route's own headers and the body are untouched", async () => {
    const fastify = await server();
    try {
      const response = await fastify.inject('/json');
      expect([response.statusCode, response.headers['x-own'], response.json()]).toEqual([200, 'kept', { ok: true }]);
      expect((await fastify.inject('/stream')).body).toBe('data: 1\n\n');
    } finally {
      await fastify.close();
    }
  });
});
