import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Anthropic, { NotFoundError, PermissionDeniedError, RateLimitError } from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from '../support/gateway-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Managed keys on the Anthropic surface and on embeddings: spend and usage recorded as on every route, model access
// and budgets applied.
const ADMIN_KEY = 'admin-key-surface-0123456789abcdef';
// Built-in list prices per million tokens: claude $3 / $15, gpt-4o $2.50 / $10; each call is 1000 + 1000 tokens.
const CLAUDE_COST = 0.018;
const GPT_COST = 0.0125;
// text-embedding-3-small at $0.02 per million input tokens (test/fixtures/embedding-models.yaml).
const EMBEDDING_PRICE = 0.02 / 1_000_000;

interface Envelope<T = Record<string, unknown>> {
  success: boolean;
  data: T;
}

describe('usage and policies on /anthropic, /openai/v1/responses and /openai/v1/embeddings with managed keys', () => {
  let database: TestDatabase;
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  const admin = async <T>(path: string, json?: unknown): Promise<Envelope<T>> =>
    (await (await gateway.request(`/admin/v1${path}`, { json, headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as Envelope<T>;
  const createKey = async (fields: Record<string, unknown> = {}): Promise<{ id: string; key: string }> => (await admin<{ id: string; key: string }>('/keys', { name: 'k', ...fields })).data;
  const anthropic = (key: string): Anthropic => new Anthropic({ baseURL: `${gateway.url}/anthropic`, apiKey: key, maxRetries: 0 });
  /**
   * The key's own usage, once `requests` rows are written (they are flushed in batches) and their spend is counted
   * (without Redis the spend counters are read through a cache of up to a second: docs/teams.md), all of it when
   * `spendUsd` is given (a cached value may hold only the first requests' spend): waits for both, not a time.
   */
  const usageOnce = async (key: string, requests: number, spendUsd?: number): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 10_000;
    const counted = (spend: number): boolean => (spendUsd === undefined ? spend > 0 : Math.abs(spend - spendUsd) < 5e-10);
    for (;;) {
      const own = (await (await gateway.request('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json()) as Envelope;
      if ((own.data.requests === requests && counted(Number(own.data.spend_usd))) || Date.now() > deadline) return own.data;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    upstream.setDefault({ text: 'ok', usage: { input: 1000, output: 1000 } });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: `test-surface-usage-${randomUUID()}:`,
      GATEWAY_ADMIN_KEYS: ADMIN_KEY,
      USAGE_FLUSH_MS: '100',
      GATEWAY_CONFIG: join(import.meta.dirname, '../fixtures/embedding-models.yaml'),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    await database?.drop();
  });

  it('counts JSON and streamed messages on claude (as sent) and gpt-4o (translated) in /v1/usage and the admin report', async () => {
    const { id, key } = await createKey();
    const client = anthropic(key);
    const ask = { max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };
    await client.messages.create({ model: 'claude', ...ask });
    await client.messages.stream({ model: 'claude', ...ask }).finalMessage();
    await client.messages.create({ model: 'gpt-4o', ...ask });
    await client.messages.stream({ model: 'gpt-4o', ...ask }).finalMessage();
    const own = await usageOnce(key, 4, 2 * CLAUDE_COST + 2 * GPT_COST);
    expect(own).toMatchObject({ key_id: id, requests: 4, prompt_tokens: 4000, completion_tokens: 4000 });
    expect(own.spend_usd).toBeCloseTo(2 * CLAUDE_COST + 2 * GPT_COST, 9);
    const report = await admin<{ rows: Record<string, unknown>[] }>('/usage?group_by=key');
    expect(report.data.rows.find((row) => row.key_id === id)).toMatchObject({ requests: 4, prompt_tokens: 4000, completion_tokens: 4000 });
  });

  it('counts embeddings: the input tokens priced from the model list', async () => {
    const { id, key } = await createKey();
    const openai = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: key, maxRetries: 0 });
    const response = await openai.embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3, 4, 5], [6, 7, 8]] });
    expect(response.usage.prompt_tokens).toBe(8);
    const own = await usageOnce(key, 1);
    expect(own).toMatchObject({ key_id: id, requests: 1, prompt_tokens: 8, completion_tokens: 0 });
    expect(own.spend_usd).toBeCloseTo(8 * EMBEDDING_PRICE, 12);
    const report = await admin<{ rows: Record<string, unknown>[] }>('/usage?group_by=model');
    expect(report.data.rows.find((row) => row.model === 'text-embedding-3-small')).toMatchObject({ requests: 1, prompt_tokens: 8 });
  });

  it('lists only the models a key may use, and refuses the others with permission_error', async () => {
    const { key } = await createKey({ models: ['gpt-4o'] });
    const ids: string[] = [];
    for await (const model of anthropic(key).models.list()) ids.push(model.id);
    expect(ids).toEqual(['gpt-4o']);
    await expect(anthropic(key).models.retrieve('gpt-4o')).resolves.toMatchObject({ type: 'model', id: 'gpt-4o' });
    await expect(anthropic(key).models.retrieve('claude')).rejects.toBeInstanceOf(NotFoundError);
    const error = await anthropic(key).messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ error: { type: 'error', error: { type: 'permission_error' } } });
  });

  it('refuses a key past its budget with rate_limit_error and retry-after, without calling the upstream', async () => {
    const { key } = await createKey({ budget: { max_usd: CLAUDE_COST, period: 'day' } });
    const client = anthropic(key);
    await client.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    await usageOnce(key, 1);
    upstream.clear();
    const error = await client.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ error: { error: { type: 'rate_limit_error', message: expect.stringContaining('budget') } } });
    expect(Number((error as RateLimitError).headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    ['/openai/v1/responses', { model: 'gpt-4o', input: 'x' }],
    ['/openai/v1/embeddings', { model: 'text-embedding-3-small', input: 'x' }],
  ])("refuses a key with an exhausted budget on %s with OpenAI's 429 and retry-after, without calling the upstream", async (path, body) => {
    const { key } = await createKey({ budget: { max_usd: GPT_COST / 2, period: 'day' } });
    upstream.setDefault({ text: 'ok', usage: { input: 1000, output: 1000 } });
    // The first request spends past the budget (the upstream counts 1000 + 1000 tokens); the next one is refused.
    const first = await gateway.request('/openai/v1/chat/completions', { json: { model: 'gpt-4o', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, headers: { authorization: `Bearer ${key}` } });
    expect(first.status).toBe(200);
    await usageOnce(key, 1);
    upstream.clear();
    const response = await gateway.request(path, { json: body, headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: { type: expect.any(String), message: expect.stringContaining('budget') } });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(upstream.requests).toHaveLength(0);
  });
});
