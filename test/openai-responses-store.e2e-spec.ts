import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI, { BadRequestError, NotFoundError } from 'openai';
import pg from 'pg';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type Env, type RunningGateway } from './support/gateway-harness.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// The Responses store in PostgreSQL (DATABASE_URL): kept across a restart, per client key, deleted on DELETE;
// and with RESPONSES_STORE=off, nothing to refer to. (The in-memory store: test/openai-responses.e2e-spec.ts.)
const OTHER_KEY = 'other-client-key-0123456789';

describe('stored responses', () => {
  let upstream: UpstreamSimulator;
  let database: TestDatabase;
  const sdk = (gateway: RunningGateway, apiKey = CLIENT_KEY): OpenAI => new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey, maxRetries: 0 });

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await upstream.stop();
    await database.drop();
  });

  const start = (env: Env): Promise<RunningGateway> => startGateway({ ...simulatorEnv(upstream.url), GATEWAY_API_KEYS: `${CLIENT_KEY},${OTHER_KEY}`, UPSTREAM_MAX_RETRIES: '0', ...env });

  it('in PostgreSQL: continued after a restart, never across keys, gone after DELETE', async () => {
    upstream.clear();
    let gateway = await start({ DATABASE_URL: database.url });
    let first: OpenAI.Responses.Response;
    try {
      expect(gateway.logs.join('\n')).toContain('Responses API store: PostgreSQL');
      upstream.enqueue({ text: 'Paris.' }, 'anthropic');
      first = await sdk(gateway).responses.create({ model: 'claude', input: 'Capital of France?', metadata: { topic: 'geo' } });
      await expect(sdk(gateway, OTHER_KEY).responses.retrieve(first.id)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await gateway.close();
    }

    gateway = await start({ DATABASE_URL: database.url });
    try {
      const client = sdk(gateway);
      await expect(client.responses.retrieve(first.id)).resolves.toMatchObject({ id: first.id, output_text: 'Paris.', metadata: { topic: 'geo' } });
      upstream.enqueue({ text: 'About 2 million.' }, 'anthropic');
      const second = await client.responses.create({ model: 'claude', previous_response_id: first.id, input: 'Its population?' });
      expect(upstream.requests.at(-1)?.body).toMatchObject({
        messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: [{ type: 'text', text: 'Paris.' }] }, { role: 'user', content: 'Its population?' }],
      });
      await expect(sdk(gateway, OTHER_KEY).responses.create({ model: 'claude', previous_response_id: second.id, input: 'x' })).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });
      await expect(sdk(gateway, OTHER_KEY).responses.delete(first.id)).rejects.toBeInstanceOf(NotFoundError);
      await client.responses.delete(first.id);
      await expect(client.responses.retrieve(first.id)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await gateway.close();
    }
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const rows = await db.query<{ id: string }>('select id from responses');
      expect(rows.rows.map((row) => row.id)).not.toContain(first.id);
      expect(rows.rows).toHaveLength(1);
    } finally {
      await db.end();
    }
  });

  it('in PostgreSQL: an id the database cannot hold (a NUL character) is unknown, never a 500', async () => {
    const gateway = await start({ DATABASE_URL: database.url });
    try {
      for (const method of ['GET', 'DELETE']) {
        const response = await gateway.request('/openai/v1/responses/resp_%00abc', { method });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found_error' } });
      }
      const continued = await gateway.request('/openai/v1/responses', { json: { model: 'gpt-4o', input: 'hi', previous_response_id: 'resp_\u0000abc' } });
      expect(continued.status).toBe(404);
      expect(await continued.json()).toMatchObject({ error: { param: 'previous_response_id' } });
    } finally {
      await gateway.close();
    }
  });

  it("in PostgreSQL: the store not answering (its table locked past the query timeout) is OpenAI's 503 saying so, not a 500", async () => {
    const gateway = await start({ DATABASE_URL: database.url });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      upstream.enqueue({ text: 'Paris.' }, 'openai');
      const first = await sdk(gateway).responses.create({ model: 'gpt-4o', input: 'Capital of France?', store: true });
      await locker.query('begin');
      await locker.query('lock table responses in access exclusive mode');
      for (const request of [
        () => gateway.request(`/openai/v1/responses/${first.id}`),
        () => gateway.request('/openai/v1/responses', { json: { model: 'gpt-4o', input: 'And of Spain?', previous_response_id: first.id } }),
      ]) {
        const response = await request();
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ error: { message: 'The database is unreachable; try again shortly.' } });
      }
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
      await gateway.close();
    }
  }, 30_000);

  it('with RESPONSES_STORE=off: answers, keeps nothing, and refuses previous_response_id with a 400 saying so', async () => {
    const gateway = await start({ RESPONSES_STORE: 'off' });
    try {
      const client = sdk(gateway);
      upstream.enqueue({ text: 'Hi.' }, 'openai');
      const response = await client.responses.create({ model: 'gpt-4o', input: 'Hi' });
      expect(response).toMatchObject({ store: false });
      const refused = await client.responses.create({ model: 'gpt-4o', previous_response_id: response.id, input: 'Again' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BadRequestError);
      expect(refused).toMatchObject({ param: 'previous_response_id', message: expect.stringContaining('RESPONSES_STORE=off') });
      await expect(client.responses.retrieve(response.id)).rejects.toBeInstanceOf(BadRequestError);
    } finally {
      await gateway.close();
    }
  });
});
