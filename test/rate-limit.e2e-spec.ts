import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { requestFrom, type PlainResponse } from './support/from-address.js';
import {
  ANTHROPIC_KEY,
  CLIENT_KEY,
  OPENAI_KEY,
  simulatorEnv,
  startGateway,
  type Env,
  type RunningGateway,
  RATE_LIMIT_DEFAULTS,
} from './support/gateway-harness.js';

// Per-key rate limits through the real gateway, once with the in-memory store and once with Redis (the real
// redis-server on 127.0.0.1:6379, under a key prefix unique to this run). Timing-sensitive cases use windows long
// enough that a slow machine cannot change the counts.
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-rl-gateway-${randomUUID()}:`;
const KEY_B = 'second-client-key-b-0123456789';
const KEY_C = 'third-client-key-c-0123456789';
const BATCH_KEY = 'batch-client-key-0123456789';
const SMALL_KEY = 'small-client-key-0123456789';
const SLOW_KEY = 'slow-client-key-0123456789';
const ALL_KEYS = [CLIENT_KEY, KEY_B, KEY_C, BATCH_KEY, SMALL_KEY, SLOW_KEY].join(',');

const sha256Hex = (key: string): string => createHash('sha256').update(key).digest('hex');
const fingerprint = (key: string): string => sha256Hex(key).slice(0, 8);
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

interface ErrorBody {
  success: false;
  error: { code: number; message: string; type: string; param: string | null; request_id: string };
}

function rateHeaders(response: Response): Record<string, string | null> {
  return {
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
    reset: response.headers.get('x-ratelimit-reset'),
    retryAfter: response.headers.get('retry-after'),
  };
}

/** GET from a chosen loopback source address, to act as another client IP. */
function getFrom(gateway: RunningGateway, sourceIp: string, path: string, authorization?: string): Promise<PlainResponse> {
  return requestFrom(gateway.port, sourceIp, path, { headers: authorization ? { authorization } : {} });
}

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

it('refuses to start with an override for a key that is not configured', async () => {
  await expect(startGateway({ RATE_LIMIT_OVERRIDES: 'deadbeef=100/10' })).rejects.toThrow(
    /Configuration error: RATE_LIMIT_OVERRIDES entry 1 names key deadbeef, which is not one of GATEWAY_API_KEYS/,
  );
});

/** The gateway's own defaults, whatever the harness sets for other suites; each case adds what it needs. */
const GATEWAY_DEFAULTS: Env = RATE_LIMIT_DEFAULTS;

const storages: Array<[string, Env]> = [
  ['memory', {}],
  ['redis', { REDIS_URL, REDIS_KEY_PREFIX: PREFIX }],
];

describe.each(storages)('rate limiting with the %s store', (_storage, storeEnv) => {
  describe('default limits (10 per second, 60 per minute)', () => {
    let upstream: UpstreamSimulator;
    let gateway: RunningGateway;

    beforeAll(async () => {
      upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
      gateway = await startGateway({
        ...GATEWAY_DEFAULTS,
        ...simulatorEnv(upstream.url),
        ...storeEnv,
        // Each storage has its own keys in the shared Redis, so the two runs cannot see each other's budgets.
        REDIS_KEY_PREFIX: storeEnv.REDIS_KEY_PREFIX && `${storeEnv.REDIS_KEY_PREFIX}defaults:`,
        GATEWAY_API_KEYS: ALL_KEYS,
      });
    });
    afterAll(async () => {
      await gateway.close();
      await upstream.stop();
    });

    it('passes 10 back-to-back requests and answers the 11th 429 in the envelope; Retry-After is honest', async () => {
      // Unauthenticated and wrongly authenticated requests first: they must not spend the key's budget.
      for (const headers of [{}, bearer('not-a-valid-key-000'), bearer('not-a-valid-key-111')]) {
        const refused = await gateway.request('/v1/models', { auth: false, headers });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('x-ratelimit-limit')).toBeNull();
      }

      const responses: Response[] = [];
      for (let i = 0; i < 11; i++) responses.push(await gateway.request('/v1/models'));
      expect(responses.map((r) => r.status)).toEqual([...Array(10).fill(200), 429]);
      responses.slice(0, 10).forEach((response, i) => {
        expect(rateHeaders(response)).toEqual({ limit: '10', remaining: String(9 - i), reset: '1', retryAfter: null });
      });

      const refused = responses[10]!;
      expect(rateHeaders(refused)).toEqual({ limit: '10', remaining: '0', reset: '1', retryAfter: '1' });
      const body = (await refused.json()) as ErrorBody;
      expect(body).toEqual({
        success: false,
        error: {
          code: 429,
          type: 'rate_limit_error',
          message: 'Rate limit exceeded for this API key: 10 requests per 1 s (burst limit). Retry after 1 s.',
          param: null,
          request_id: refused.headers.get('x-request-id'),
        },
      });

      // Another key is unaffected while this one is blocked.
      const other = await gateway.request('/v1/models', { auth: false, headers: bearer(KEY_B) });
      expect(other.status).toBe(200);
      expect(rateHeaders(other)).toMatchObject({ limit: '10', remaining: '9' });

      await sleep(Number(refused.headers.get('retry-after')) * 1000);
      const afterWait = await gateway.request('/v1/models');
      expect(afterWait.status).toBe(200);
    });

    it('counts completions and model listings in one budget, and a refused completion never reaches the upstream', async () => {
      upstream.clear();
      const headers = bearer(KEY_C);
      const statuses: number[] = [];
      const remaining: Array<string | null> = [];
      for (let i = 0; i < 5; i++) {
        const completion = await gateway.request('/v1/complete', { auth: false, headers, json: { model: 'gpt-4o', prompt: 'hi' } });
        const models = await gateway.request('/v1/models', { auth: false, headers });
        statuses.push(completion.status, models.status);
        remaining.push(completion.headers.get('x-ratelimit-remaining'), models.headers.get('x-ratelimit-remaining'));
      }
      expect(statuses).toEqual(Array(10).fill(200));
      expect(remaining).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
      const refused = await gateway.request('/v1/complete', { auth: false, headers, json: { model: 'gpt-4o', prompt: 'hi' } });
      expect(refused.status).toBe(429);
      expect(upstream.requests).toHaveLength(5);
    });
  });

  describe('a shortened per-minute window (6 per 6.25 s, same code path)', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({
        ...GATEWAY_DEFAULTS,
        ...storeEnv,
        REDIS_KEY_PREFIX: storeEnv.REDIS_KEY_PREFIX && `${storeEnv.REDIS_KEY_PREFIX}pacing:`,
        GATEWAY_API_KEYS: ALL_KEYS,
        RATE_LIMIT_PER_MINUTE: '6',
        RATE_LIMIT_WINDOW_MS: '6250',
      });
    });
    afterAll(() => gateway.close());

    it('lets a client pacing at 2 requests/second through exactly 6 per window, rolling', async () => {
      // Twice the allowed rate, like 120/min against 60/min. Sends are scheduled on a fixed clock and not awaited
      // in turn, as a pacing client would. The window (6.25 s) is not a multiple of the pace (0.5 s), so every
      // send is 250 ms from any entry's expiry: entries 0-5 (0-2.5 s) are admitted, 6-12 refused until entry 0
      // leaves at 6.25 s, 13-18 (6.5-9 s) take the slots as entries 0-5 leave, 19-24 are refused again.
      const start = performance.now();
      const pending: Array<Promise<Response>> = [];
      for (let i = 0; i < 25; i++) {
        const due = start + i * 500 - performance.now();
        if (due > 0) await sleep(due);
        pending.push(gateway.request('/v1/models', { auth: false, headers: bearer(SLOW_KEY) }));
      }
      const responses = await Promise.all(pending);
      const admitted = responses.flatMap((response, i) => (response.status === 200 ? [i] : []));
      expect(admitted).toEqual([0, 1, 2, 3, 4, 5, 13, 14, 15, 16, 17, 18]);
      expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);

      // The per-minute window is the one closest to blocking, so the headers describe it.
      expect(rateHeaders(responses[0]!)).toEqual({ limit: '6', remaining: '5', reset: '7', retryAfter: null });
      const refused = responses[24]!;
      expect(((await refused.json()) as ErrorBody).error.message).toMatch(
        /^Rate limit exceeded for this API key: 6 requests per 6250 ms \(per-minute limit\)\. Retry after \d s\.$/,
      );

      // Honouring Retry-After gets the client in.
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(7);
      await sleep(retryAfter * 1000);
      expect((await gateway.request('/v1/models', { auth: false, headers: bearer(SLOW_KEY) })).status).toBe(200);
    }, 40_000);
  });

  describe('per-key overrides', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({
        ...GATEWAY_DEFAULTS,
        ...storeEnv,
        REDIS_KEY_PREFIX: storeEnv.REDIS_KEY_PREFIX && `${storeEnv.REDIS_KEY_PREFIX}overrides:`,
        GATEWAY_API_KEYS: ALL_KEYS,
        // A long burst window keeps the counts exact however slow the machine.
        RATE_LIMIT_BURST_WINDOW_MS: '30000',
        RATE_LIMIT_OVERRIDES: `${fingerprint(BATCH_KEY)}=100/20, sha256:${sha256Hex(SMALL_KEY)}=3/5`,
      });
    });
    afterAll(() => gateway.close());

    const statuses = async (key: string, count: number): Promise<Response[]> => {
      const responses: Response[] = [];
      for (let i = 0; i < count; i++) responses.push(await gateway.request('/v1/models', { auth: false, headers: bearer(key) }));
      return responses;
    };

    it('gives a batch key its higher burst while others keep the defaults', async () => {
      const batch = await statuses(BATCH_KEY, 21);
      expect(batch.map((r) => r.status)).toEqual([...Array(20).fill(200), 429]);
      expect(rateHeaders(batch[0]!)).toMatchObject({ limit: '20', remaining: '19' });
      const normal = await statuses(KEY_B, 11);
      expect(normal.map((r) => r.status)).toEqual([...Array(10).fill(200), 429]);
    });

    it('limits a key to its own per-minute budget and says so', async () => {
      const small = await statuses(SMALL_KEY, 4);
      expect(small.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(rateHeaders(small[0]!)).toEqual({ limit: '3', remaining: '2', reset: '60', retryAfter: null });
      const refused = small[3]!;
      expect(rateHeaders(refused)).toMatchObject({ limit: '3', remaining: '0' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(((await refused.json()) as ErrorBody).error.message).toContain('3 requests per 60 s (per-minute limit)');
    });
  });

  describe('failed authentication from one IP', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({
        ...GATEWAY_DEFAULTS,
        ...storeEnv,
        REDIS_KEY_PREFIX: storeEnv.REDIS_KEY_PREFIX && `${storeEnv.REDIS_KEY_PREFIX}auth:`,
        RATE_LIMIT_BURST_WINDOW_MS: '30000',
        AUTH_FAILURE_LIMIT: '5',
        AUTH_FAILURE_WINDOW_MS: '4000',
      });
    });
    afterAll(() => gateway.close());

    it('answers 429 past the limit, before looking at the key, without touching any key budget', async () => {
      const good = `Bearer ${CLIENT_KEY}`;
      const first = await getFrom(gateway, '127.0.0.1', '/v1/models', good);
      expect(first.headers['x-ratelimit-remaining']).toBe('9');

      // Requests without any key are not guesses and are not counted.
      for (let i = 0; i < 8; i++) expect((await getFrom(gateway, '127.0.0.2', '/v1/models')).status).toBe(401);
      for (let i = 0; i < 5; i++) {
        expect((await getFrom(gateway, '127.0.0.2', '/v1/models', `Bearer wrong-guess-${i}-000000`)).status).toBe(401);
      }
      const blocked = await getFrom(gateway, '127.0.0.2', '/v1/models', 'Bearer wrong-guess-5-000000');
      expect(blocked.status).toBe(429);
      const body = JSON.parse(blocked.body) as ErrorBody;
      expect(body.error).toMatchObject({ code: 429, type: 'rate_limit_error', param: null });
      expect(body.error.message).toMatch(/^Too many failed authentication attempts from this address: 5 allowed per 4 s\./);
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(4);

      // Even the right key is refused from that address, and the refusal spends nothing of the key's budget.
      const rightKeyBlocked = await getFrom(gateway, '127.0.0.2', '/v1/models', good);
      expect(rightKeyBlocked.status).toBe(429);
      expect(rightKeyBlocked.headers['x-ratelimit-remaining']).toBeUndefined();
      const otherAddress = await getFrom(gateway, '127.0.0.1', '/v1/models', good);
      expect(otherAddress.status).toBe(200);
      expect(otherAddress.headers['x-ratelimit-remaining']).toBe('8');

      await sleep(retryAfter * 1000);
      const afterWait = await getFrom(gateway, '127.0.0.2', '/v1/models', good);
      expect(afterWait.status).toBe(200);
      expect(afterWait.headers['x-ratelimit-remaining']).toBe('7');
    });
  });
});
