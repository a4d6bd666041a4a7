import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';
import { connectHttp } from '../mcp/mcp-clients.js';
import { ERAS } from '../mcp/mcp-schemas.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from '../support/gateway-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Two gateway processes sharing one PostgreSQL database and one Redis (its own key prefix): managed keys,
// revocation across replicas, model access on REST and MCP, a budget across both, usage and the audit trail.
const ADMIN_KEY = 'admin-key-e2e-0123456789abcdef';
// gpt-4o's built-in list prices are $2.50 / $10 per million tokens: 1000 + 1000 tokens cost $0.0125.
const COST = 0.0125;

interface Envelope<T = Record<string, unknown>> {
  success: boolean;
  data: T;
  error: { code: number; message: string; type: string; param: string | null };
}

describe('teams: managed keys across two replicas', () => {
  let database: TestDatabase;
  let upstream: UpstreamSimulator;
  let a: RunningGateway;
  let b: RunningGateway;

  const admin = async <T = Record<string, unknown>>(gateway: RunningGateway, path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: Envelope<T> }> => {
    const response = await gateway.request(`/admin/v1${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return { status: response.status, body: (await response.json()) as Envelope<T> };
  };
  const asKey = (gateway: RunningGateway, key: string, path: string, json?: unknown): Promise<Response> =>
    gateway.request(path, { json, headers: { authorization: `Bearer ${key}` } });
  const createKey = async (fields: Record<string, unknown>): Promise<{ id: string; key: string }> => {
    const { status, body } = await admin<{ id: string; key: string }>(a, '/keys', { json: { name: 'k', ...fields } });
    expect(status).toBe(201);
    return body.data;
  };
  // At most 1000 output tokens ($0.01 on gpt-4o), as a client on a small budget asks: each request's maximum cost
  // must fit what is left of the budget.
  const complete = (gateway: RunningGateway, key: string, model = 'gpt-4o'): Promise<Response> => asKey(gateway, key, '/v1/complete', { model, prompt: 'hi', max_tokens: 1000 });

  beforeAll(async () => {
    database = await createTestDatabase();
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    upstream.setDefault({ text: 'ok', finishReason: 'stop', usage: { input: 1000, output: 1000 } });
    const env = {
      ...simulatorEnv(upstream.url),
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `test-teams-${randomUUID()}:`,
      GATEWAY_ADMIN_KEYS: ADMIN_KEY,
      // Long enough that only the Redis message can explain a revocation seen within a second.
      KEY_CACHE_TTL_MS: '60000',
      USAGE_FLUSH_MS: '200',
    };
    [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await upstream?.stop();
    await database?.drop();
  });

  it('keeps admin keys and client keys apart', async () => {
    expect((await a.request('/admin/v1/keys')).status).toBe(401); // the harness sends the client key
    expect((await asKey(a, ADMIN_KEY, '/v1/models')).status).toBe(401);
    expect((await admin(a, '/keys')).status).toBe(200);
  });

  it('a key created on one replica works on the other; environment keys work as before', async () => {
    const { key } = await createKey({});
    expect(key).toMatch(/^sk-gw-[A-Za-z0-9_-]{43}$/);
    expect((await complete(b, key)).status).toBe(200);
    expect((await complete(a, CLIENT_KEY)).status).toBe(200);
    expect((await complete(b, `sk-gw-${'x'.repeat(43)}`)).status).toBe(401);
  });

  it('revoked on one replica, refused on the other within a second', async () => {
    const { id, key } = await createKey({});
    expect((await complete(b, key)).status).toBe(200); // now in b's cache
    expect((await admin(a, `/keys/${id}`, { method: 'DELETE' })).status).toBe(200);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 1000) {
      status = (await asKey(b, key, '/v1/models')).status;
      if (status === 200) await sleep(25);
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
  });

  it('enforces model access on REST and MCP, for the key and its team', async () => {
    const team = await admin<{ id: string }>(a, '/teams', { json: { name: `t-${randomUUID()}`, models: ['gpt-4o', 'claude'] } });
    const { key } = await createKey({ team_id: team.body.data.id, models: ['gpt-4o'] });
    const models = (await (await asKey(b, key, '/v1/models')).json()) as Envelope<{ models: { id: string }[] }>;
    expect(models.data.models.map((m) => m.id)).toEqual(['gpt-4o']);
    const refused = await complete(b, key, 'claude');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Envelope).error).toMatchObject({ type: 'permission_denied', param: 'model', message: "This API key may not use model 'claude'." });
    const mcp = await connectHttp(b.url, ERAS[ERAS.length - 1]!, { key });
    try {
      const listed = (await mcp.client.callTool({ name: 'list_models', arguments: {} })) as CallToolResult;
      expect((listed.structuredContent as unknown as { id: string }[]).map((m) => m.id)).toEqual(['gpt-4o']);
      const call = (await mcp.client.callTool({ name: 'complete', arguments: { model: 'claude', prompt: 'hi' } })) as CallToolResult;
      expect(call.isError).toBe(true);
      expect(JSON.stringify(call.content)).toContain("This API key may not use model 'claude'.");
      const ok = (await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } })) as CallToolResult;
      expect(ok.isError).toBeFalsy();
    } finally {
      await mcp.close();
    }
  });

  it('enforces model access on the OpenAI-compatible surface too: listing, retrieving, chat and its stream', async () => {
    const { key } = await createKey({ models: ['gpt-4o'] });
    const listed = (await (await asKey(a, key, '/openai/v1/models')).json()) as { data: { id: string }[] };
    expect(listed.data.map((m) => m.id)).toEqual(['gpt-4o']);
    expect((await asKey(b, key, '/openai/v1/models/claude')).status).toBe(404);
    const messages = [{ role: 'user', content: 'hi' }];
    const refused = await asKey(b, key, '/openai/v1/chat/completions', { model: 'claude', messages });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe("This API key may not use model 'claude'.");
    const streamRefused = await asKey(b, key, '/openai/v1/chat/completions', { model: 'claude', messages, stream: true });
    expect(streamRefused.status).toBe(403);
    await streamRefused.text();
    const ok = await asKey(b, key, '/openai/v1/chat/completions', { model: 'gpt-4o', messages, stream: true });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data: [DONE]');
  });

  it('a budget holds across both replicas, then answers 429 budget_exceeded with Retry-After; usage adds up', async () => {
    const { id, key } = await createKey({ budget: { max_usd: 4 * COST, period: 'day' } });
    const statuses: number[] = [];
    for (let n = 0; n < 6; n += 1) statuses.push((await complete(n % 2 === 0 ? a : b, key)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await complete(a, key);
    const body = (await refused.json()) as Envelope;
    expect(body.error.type).toBe('budget_exceeded');
    expect(body.error.message).toMatch(/has spent its budget of \$0\.05 for the day; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z\.$/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);

    await sleep(600); // the usage rows are written in batches (USAGE_FLUSH_MS=200)
    const own = (await (await asKey(b, key, '/v1/usage')).json()) as Envelope;
    expect(own.data).toMatchObject({ key_id: id, period: 'day', budget_usd: 4 * COST, remaining_usd: 0, requests: 4, prompt_tokens: 4000, completion_tokens: 4000 });
    expect(own.data.spend_usd).toBeCloseTo(4 * COST, 9);
    const report = await admin<{ rows: Record<string, unknown>[] }>(a, '/usage?group_by=key');
    expect(report.body.data.rows.find((row) => row.key_id === id)).toEqual({ key_id: id, requests: 4, prompt_tokens: 4000, completion_tokens: 4000, cost_usd: 4 * COST });
    const listed = await admin<Record<string, unknown>>(b, `/keys/${id}`);
    expect(listed.body.data).toMatchObject({ id, spend_usd: 4 * COST, last_used_at: expect.any(String) });
  });

  it('concurrent requests on both replicas: admitted only while their reservations fit the budget', async () => {
    // Each request reserves its maximum cost (1000 output tokens and the prompt, ~$0.01) until it settles at
    // $0.0125: two fit $0.025 whichever settles first (2 × $0.01, or $0.0125 + $0.01), a third never does.
    const { key } = await createKey({ budget: { max_usd: 2 * COST, period: 'total' } });
    const burst = await Promise.all(Array.from({ length: 8 }, (_, n) => complete(n % 2 === 0 ? a : b, key)));
    const ok = burst.filter((r) => r.status === 200).length;
    expect(ok).toBe(2);
    const after = await complete(a, key);
    expect(after.status).toBe(429);
    expect(after.headers.get('retry-after')).toBeNull(); // a total budget never resets
  });

  it('applies a key rate_limit on both replicas', async () => {
    const { key } = await createKey({ rate_limit: { per_minute: 3, burst: 100 } });
    const statuses = [];
    for (const gateway of [a, b, a, b]) statuses.push((await asKey(gateway, key, '/v1/models')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('audits every admin action without a secret, and never logs a secret', async () => {
    const { id, key } = await createKey({ metadata: { owner: 'alice' } });
    const rotated = await admin<{ key: string }>(a, `/keys/${id}/rotate`, { method: 'POST', json: { grace_seconds: 60 } });
    expect(rotated.status).toBe(200);
    expect((await complete(b, key)).status).toBe(200); // the old secret, within its grace
    expect((await complete(b, rotated.body.data.key)).status).toBe(200);
    const audit = await admin<{ entries: Record<string, unknown>[] }>(b, '/audit');
    const actions = audit.body.data.entries.filter((entry) => entry.target_id === id).map((entry) => entry.action);
    expect(actions).toEqual(['key.rotate', 'key.create']);
    expect(audit.body.data.entries[0]).toMatchObject({ actor: expect.stringMatching(/^admin:[0-9a-f]{8}$/), address: '127.0.0.1' });
    const everything = JSON.stringify(audit.body) + JSON.stringify((await admin(a, '/keys?limit=200')).body) + [...a.logs, ...b.logs].join('\n');
    for (const secret of [key, rotated.body.data.key, ADMIN_KEY]) expect(everything).not.toContain(secret);
  });

  it('answers bad admin input with a 400 naming the field', async () => {
    const unknownModel = await admin(a, '/keys', { json: { name: 'x', models: ['nope'] } });
    expect(unknownModel).toMatchObject({ status: 400, body: { error: { param: 'models' } } });
    const badPeriod = await admin(a, '/keys', { json: { name: 'x', budget: { max_usd: 1, period: 'week' } } });
    expect(badPeriod).toMatchObject({ status: 400, body: { error: { param: 'budget.period' } } });
    expect((await admin(a, '/usage?group_by=year')).body.error.param).toBe('group_by');
    expect((await admin(a, '/keys/key_nothing')).status).toBe(404);
  });
});

describe('teams: without DATABASE_URL', () => {
  it('the admin API answers 503 saying it needs DATABASE_URL, and client keys work as before', async () => {
    const gateway = await startGateway({ GATEWAY_ADMIN_KEYS: ADMIN_KEY });
    try {
      const response = await gateway.request('/admin/v1/keys', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(response.status).toBe(503);
      expect(((await response.json()) as Envelope).error.message).toContain('DATABASE_URL');
      expect((await gateway.request('/v1/models')).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});
