import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';
import { simulatorEnv, startGateway, type RunningGateway } from '../support/gateway-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Budgets and usage under hostile conditions (issue 14): bursts, streams abandoned mid-way, odd upstream token
// counts, and each scope's budget in its own period. One gateway with PostgreSQL and Redis.
const ADMIN_KEY = 'admin-key-hardening-0123456789';
// gpt-4o's built-in list prices: $2.50 / $10 per million tokens.
const COST = 0.0125; // 1000 + 1000 tokens
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-budget-hardening-${randomUUID()}:`;

interface Usage {
  requests: number;
  spend_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
}

describe('budgets and usage hold under bursts, abandoned streams and odd upstream counts', () => {
  let database: TestDatabase;
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  const admin = async (path: string, json?: unknown): Promise<{ status: number; body: { data: Record<string, string> } }> => {
    const response = await gateway.request(`/admin/v1${path}`, { json, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return { status: response.status, body: (await response.json()) as { data: Record<string, string> } };
  };
  const createKey = async (fields: Record<string, unknown>): Promise<{ id: string; key: string }> => {
    const { status, body } = await admin('/keys', { name: 'k', ...fields });
    expect(status).toBe(201);
    return body.data as { id: string; key: string };
  };
  const asKey = (key: string, path: string, json?: unknown, signal?: AbortSignal): Promise<Response> =>
    gateway.request(path, { json, signal, headers: { authorization: `Bearer ${key}` } });
  const usageOf = async (key: string): Promise<Usage> => ((await (await asKey(key, '/v1/usage')).json()) as { data: Usage }).data;
  /** Usage rows are written in batches (USAGE_FLUSH_MS=100): waits until `count` requests are reported. */
  const usageAfter = async (key: string, count: number): Promise<Usage> => {
    for (let waited = 0; waited < 10_000; waited += 100) {
      const usage = await usageOf(key);
      if (usage.requests >= count) return usage;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return usageOf(key);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    upstream = await UpstreamSimulator.start();
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      GATEWAY_ADMIN_KEYS: ADMIN_KEY,
      USAGE_FLUSH_MS: '100',
      RATE_LIMIT_BURST: '1000',
    });
  });
  beforeEach(() => {
    upstream.setDefault({ text: 'ok', finishReason: 'stop', usage: { input: 1000, output: 1000 } });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    await database?.drop();
  });

  it('a burst of 50 on a 1 USD budget spends at most the budget plus the prompt-estimate error', async () => {
    // Each request reserves 10000 output tokens ($0.10) and its prompt estimated at 8 tokens ($0.00002): 9 fit in
    // $1, a tenth would not. Each then costs 10 prompt tokens (the upstream's count, 2 over the estimate) and its
    // 10000 output tokens, so the spend may pass the reservations by 2 prompt tokens ($0.000005) a request.
    upstream.setDefault({ text: 'ok', finishReason: 'length', usage: { input: 10, output: 10_000 } });
    const { key } = await createKey({ budget: { max_usd: 1, period: 'total' } });
    const burst = await Promise.all(Array.from({ length: 50 }, () => asKey(key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi', max_tokens: 10_000 })));
    const served = burst.filter((response) => response.status === 200).length;
    expect(burst.filter((response) => response.status !== 200).every((response) => response.status === 429)).toBe(true);
    expect(served).toBe(9);
    const usage = await usageAfter(key, served);
    expect(usage.spend_usd).toBeLessThanOrEqual(1 + served * 2 * 2.5e-6);
  });

  it('a request whose maximum cost does not fit what is left: 429 naming the largest max_tokens that fits, no upstream call', async () => {
    const { key } = await createKey({ budget: { max_usd: 0.05, period: 'day' } });
    const upstreamCalls = upstream.requests.length;
    // No max_tokens: gpt-4o's whole output (16384 tokens, $0.16384) and the prompt (8 tokens, $0.00002).
    const refused = await asKey(key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull(); // a smaller request fits now
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
      type: 'budget_exceeded',
      param: 'max_tokens',
      message:
        "This API key has $0.05 left of its budget of $0.05 for the day, and this request could cost up to $0.16386 " +
        "(the prompt estimate and 16384 output tokens at the model's prices). Send max_tokens of at most 4998 to fit.",
    });
    const chat = await asKey(key, '/openai/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4999 });
    expect(chat.status).toBe(429);
    // The same refusal in OpenAI's shape (a 429 there is type `requests`, code `rate_limit_exceeded`).
    expect(((await chat.json()) as { error: unknown }).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: 'max_tokens', message: expect.stringContaining('Send max_tokens of at most 4998 to fit.') });
    expect(upstream.requests).toHaveLength(upstreamCalls);
    // What the message names fits exactly; once it settles at its actual cost ($0.0125), more is left.
    expect((await asKey(key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi', max_tokens: 4998 })).status).toBe(200);
    const again = await asKey(key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi' });
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/^This API key has \$0\.0375 left of its budget of \$0\.05 for the day, .* Send max_tokens of at most 3748 to fit\.$/);
  });

  it.each([
    ['/v1/complete', 'gpt-4o', { model: 'gpt-4o', prompt: 'tell me a long story', stream: true }],
    ['/openai/v1/chat/completions', 'gpt-4o', { model: 'gpt-4o', messages: [{ role: 'user', content: 'tell me a long story' }], stream: true }],
    ['/anthropic/v1/messages', 'claude', { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'tell me a long story' }], stream: true }],
    ['/anthropic/v1/messages', 'gpt-4o', { model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'tell me a long story' }], stream: true }],
    ['/openai/v1/responses', 'gpt-4o', { model: 'gpt-4o', input: 'tell me a long story', stream: true }],
    ['/openai/v1/responses', 'claude', { model: 'claude', input: 'tell me a long story', stream: true }],
  ])('a stream abandoned before its end on %s (%s) is charged an estimate, marked estimated', async (path, _model, body) => {
    upstream.setDefault({ streamChunks: Array.from({ length: 50 }, () => 'word '), chunkDelayMs: 100, usage: { input: 1000, output: 1000 } });
    const { id, key } = await createKey({ budget: { max_usd: 5, period: 'day' } });
    const abort = new AbortController();
    const response = await asKey(key, path, body, abort.signal);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    abort.abort();
    const usage = await usageAfter(key, 1);
    expect(usage.requests).toBe(1);
    expect(usage.spend_usd).toBeGreaterThan(0);
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const rows = (await client.query('select estimated from usage where key_id = $1', [id])).rows as { estimated: boolean }[];
    await client.end();
    expect(rows).toEqual([{ estimated: true }]);
  });

  it("an upstream's odd token counts are unknown (0) and logged; other keys' usage still lands", async () => {
    const odd = await createKey({});
    const fine = await createKey({});
    upstream.enqueue({ text: 'ok', finishReason: 'stop', usage: { input: 1.5, output: 3e9 } });
    const first = await asKey(odd.key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi' });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { usage: unknown } }).data.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect((await asKey(fine.key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi' })).status).toBe(200);
    expect(await usageAfter(fine.key, 1)).toMatchObject({ requests: 1, prompt_tokens: 1000, completion_tokens: 1000 });
    expect(await usageAfter(odd.key, 1)).toMatchObject({ requests: 1, prompt_tokens: 0, completion_tokens: 0 });
    expect(gateway.logs.some((line) => line.includes('invalid token count (1.5)'))).toBe(true);
  });

  it.each([
    ['a daily key budget in a team with a monthly one', 'day', 'month'],
    ['a monthly key budget in a team with a daily one', 'month', 'day'],
  ])("counts the team's spend in the team's own period: %s", async (_what, keyPeriod, teamPeriod) => {
    const team = await admin('/teams', { name: `t-${randomUUID()}`, budget: { max_usd: 2 * COST, period: teamPeriod } });
    expect(team.status).toBe(201);
    const { key } = await createKey({ team_id: team.body.data.id, budget: { max_usd: 100, period: keyPeriod } });
    // A small budget: each request asks for at most 1000 output tokens ($0.01), so two fit one after the other.
    const complete = (): Promise<Response> => asKey(key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi', max_tokens: 1000 });
    expect([(await complete()).status, (await complete()).status]).toEqual([200, 200]);
    const third = await complete();
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { message: string } }).error.message).toContain(`team has spent its budget of $${2 * COST} for the ${teamPeriod}`);
  });

  it("one Redis round trip a request for a key with a budget: the limit check and the reservation in one script", async () => {
    const { id, key } = await createKey({ budget: { max_usd: 5, period: 'day' } });
    const complete = (): Promise<Response> => asKey(key, '/v1/complete', { model: 'gpt-4o', prompt: 'hi', max_tokens: 1000 });
    expect((await complete()).status).toBe(200); // the key's first request also looks it up (and at its address's failures)
    // monitor() opens a connection of its own: both are closed below.
    const client = new Redis(REDIS_URL);
    const monitor = await client.monitor();
    const scripts: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source !== 'lua' && /^eval/i.test(args[0]!) && args.some((arg) => arg.startsWith(PREFIX))) scripts.push(args);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const served = await complete();
    // Redis feeds MONITOR before it runs a command, so the script is on its way once the answer is here; a second
    // one would follow it at once.
    for (let waited = 0; scripts.length === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200));
    monitor.disconnect();
    client.disconnect();
    expect(served.status).toBe(200);
    expect(served.headers.get('x-ratelimit-remaining')).not.toBeNull();
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toEqual(expect.arrayContaining([expect.stringMatching(/rl:/), expect.stringContaining(`spend:key:${id}:d:`)]));
  });

  it('past its rate limit, a budgeted key is refused 429 before any other error, and reserves nothing; a budget refusal counts in the window', async () => {
    const { id, key } = await createKey({ budget: { max_usd: 0.05, period: 'day' }, rate_limit: { per_minute: 3, burst: 100 } });
    const complete = (body: Record<string, unknown>): Promise<Response> => asKey(key, '/v1/complete', body);
    const served = await complete({ model: 'gpt-4o', prompt: 'hi', max_tokens: 1000 });
    expect([served.status, served.headers.get('x-ratelimit-remaining')]).toEqual([200, '2']);
    const invalid = await complete({ model: 'gpt-4o' });
    expect([invalid.status, invalid.headers.get('x-ratelimit-remaining')]).toEqual([400, '1']);
    const tooDear = await complete({ model: 'gpt-4o', prompt: 'hi' }); // 16384 output tokens do not fit $0.05
    expect([tooDear.status, tooDear.headers.get('x-ratelimit-remaining')]).toEqual([429, '0']);
    expect(((await tooDear.json()) as { error: { type: string } }).error.type).toBe('budget_exceeded');
    for (const body of [{ model: 'gpt-4o', prompt: 'hi', max_tokens: 1000 }, { model: 'gpt-4o' }, { model: 'no-such-model', prompt: 'hi' }]) {
      const limited = await complete(body);
      expect([limited.status, limited.headers.get('x-ratelimit-remaining')]).toEqual([429, '0']);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    }
    // Only the served request's cost, settled: nothing reserved for the refused ones.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const redis = new Redis(REDIS_URL);
    const counters = await redis.keys(`${PREFIX}spend:key:${id}:*`);
    const spent = await Promise.all(counters.map((counter) => redis.get(counter)));
    redis.disconnect();
    expect(spent.map(Number)).toEqual([COST]);
  });

  it('admin input the database cannot hold is a 400 naming the field, a missing team a 4xx, never a 503', async () => {
    expect(await admin('/keys', { name: 'a\u0000b' })).toMatchObject({ status: 400, body: { error: { param: 'name' } } });
    expect(await admin('/keys', { name: 'a', metadata: { owner: 'x\u0000' } })).toMatchObject({ status: 400, body: { error: { param: 'metadata' } } });
    expect(await admin('/keys', { name: 'a', team_id: '' })).toMatchObject({ status: 400, body: { error: { param: 'team_id' } } });
    const report = await gateway.request('/admin/v1/usage?from=-271821-04-20', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(report.status).toBe(400);
    expect(((await report.json()) as { error: { param: string } }).error.param).toBe('from');
    const missingTeam = await admin('/keys', { name: 'a', team_id: 'team_does_not_exist' });
    expect([400, 404, 409]).toContain(missingTeam.status);
  });
});
