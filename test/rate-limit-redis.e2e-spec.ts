import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type Env, type RunningGateway, RATE_LIMIT_DEFAULTS } from './support/gateway-harness.js';
import { freePort } from './support/free-port.js';

// Redis-specific behaviour: several gateway processes sharing one budget, and what happens when Redis dies or
// hangs. The shared-budget cases use the real redis-server on 127.0.0.1:6379 (unique key prefix); the outage cases
// start their own redis-server on a free port and kill it.
const SHARED_REDIS = 'redis://127.0.0.1:6379';
const PREFIX = `test-rl-redis-${randomUUID()}:`;
const BATCH_KEY = 'batch-client-key-0123456789';

interface ErrorBody {
  success: false;
  error: { code: number; message: string; type: string; param: string | null; request_id: string };
}

/** A throwaway redis-server of this test, without persistence. */
class OwnRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  }

  /** Freezes the server: connections stay open, nothing is answered (a hung Redis). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }
}

/** The gateway's own defaults, whatever the harness sets for other suites; each case adds what it needs. */
const GATEWAY_DEFAULTS: Env = RATE_LIMIT_DEFAULTS;

const models = (gateway: RunningGateway, key = CLIENT_KEY): Promise<Response> =>
  gateway.request('/v1/models', { auth: false, headers: { authorization: `Bearer ${key}` } });

async function timed(gateway: RunningGateway): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await models(gateway);
  return { response, ms: performance.now() - started };
}

const warnings = (gateway: RunningGateway): string[] => gateway.logs.filter((line) => line.includes('Rate-limit store (redis) unreachable'));

afterAll(async () => {
  const redis = new Redis(SHARED_REDIS);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('two gateway processes sharing one Redis', () => {
  let first: RunningGateway;
  let second: RunningGateway;

  beforeAll(async () => {
    const env = {
      ...GATEWAY_DEFAULTS,
      REDIS_URL: SHARED_REDIS,
      REDIS_KEY_PREFIX: PREFIX,
      GATEWAY_API_KEYS: `${CLIENT_KEY},${BATCH_KEY}`,
      // Long windows: the counts below must not depend on how fast this machine answers.
      RATE_LIMIT_BURST_WINDOW_MS: '30000',
      RATE_LIMIT_PER_MINUTE: '40',
      RATE_LIMIT_OVERRIDES: `sha256:${createHash('sha256').update(BATCH_KEY).digest('hex')}=40/1000`,
    };
    [first, second] = await Promise.all([startGateway(env), startGateway(env)]);
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  async function load(key: string, total: number): Promise<{ admitted: number; refused: number; perGateway: number[] }> {
    const responses = await Promise.all(
      Array.from({ length: total }, (_, i) => models(i % 2 === 0 ? first : second, key).then((r) => ({ status: r.status, i }))),
    );
    expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    const admitted = responses.filter((r) => r.status === 200);
    return {
      admitted: admitted.length,
      refused: responses.length - admitted.length,
      perGateway: [0, 1].map((g) => admitted.filter((r) => r.i % 2 === g).length),
    };
  }

  it('admit exactly the global burst between them under concurrent load', async () => {
    const result = await load(CLIENT_KEY, 60);
    expect(result).toMatchObject({ admitted: 10, refused: 50 });
  });

  it('admit exactly the global per-minute limit between them under concurrent load', async () => {
    const result = await load(BATCH_KEY, 120);
    expect(result).toMatchObject({ admitted: 40, refused: 80 });
    // Both processes served part of the budget: the limit is global, not per process.
    expect(result.perGateway[0]! + result.perGateway[1]!).toBe(40);
  });
});

describe('when Redis is unreachable', () => {
  let redis: OwnRedis;
  let gateway: RunningGateway | undefined;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await redis.kill();
  });

  it('fails open by default: admits, warns once per outage, counts, and limits again once Redis is back', async () => {
    await redis.start();
    gateway = await startGateway({ ...GATEWAY_DEFAULTS, REDIS_URL: redis.url, RATE_LIMIT_BURST: '3', RATE_LIMIT_BURST_WINDOW_MS: '30000' });
    const before = [];
    for (let i = 0; i < 4; i++) before.push((await models(gateway)).status);
    expect(before).toEqual([200, 200, 200, 429]);

    await redis.kill();
    const during = [];
    for (let i = 0; i < 12; i++) during.push(await timed(gateway));
    expect(during.map((d) => d.response.status)).toEqual(Array(12).fill(200));
    expect(during.every((d) => d.response.headers.get('x-ratelimit-limit') === null)).toBe(true);
    expect(Math.max(...during.map((d) => d.ms))).toBeLessThan(1000);
    expect(warnings(gateway)).toHaveLength(1);
    expect(warnings(gateway)[0]).toContain('RATE_LIMIT_FAIL_MODE=open');
    // The outage is a metric too, on the public health endpoint.
    const health = (await (await gateway.request('/health', { auth: false })).json()) as { data: { status: string; rate_limit: Record<string, unknown> } };
    expect(health.data.status).toBe('degraded');
    expect(health.data.rate_limit).toMatchObject({ store: 'redis', fail_mode: 'open', store_down: true, outages: 1, admitted_unchecked: 12, refused_unavailable: 0 });

    // A fresh, empty Redis on the same port: the gateway reconnects and limits again.
    await redis.start();
    let uncheckedWhileReconnecting = 0;
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 40 && !limited; attempt++) {
      const response = await models(gateway);
      if (response.headers.get('x-ratelimit-limit') !== null) limited = response;
      else {
        uncheckedWhileReconnecting++;
        await sleep(250);
      }
    }
    expect(limited?.headers.get('x-ratelimit-remaining')).toBe('2');
    // The log line travels over the child's stdout, which can arrive after the response that followed it.
    const running = gateway;
    const recoveredLines = (): string[] => running.logs.filter((line) => line.includes('Rate-limit store reachable again'));
    for (let waited = 0; waited < 2000 && recoveredLines().length === 0; waited += 50) await sleep(50);
    const recovered = recoveredLines();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toContain(`during the outage ${12 + uncheckedWhileReconnecting} requests were admitted unchecked and 0 refused`);
    expect(warnings(gateway)).toHaveLength(1);
    const healed = (await (await gateway.request('/health', { auth: false })).json()) as { data: { status: string; rate_limit: Record<string, unknown> } };
    expect(healed.data).toMatchObject({ status: 'ok', rate_limit: { store_down: false, outages: 1 } });
  }, 40_000);

  it('fails closed with RATE_LIMIT_FAIL_MODE=closed: 503 in the envelope, quickly', async () => {
    await redis.start();
    gateway = await startGateway({ ...GATEWAY_DEFAULTS, REDIS_URL: redis.url, RATE_LIMIT_FAIL_MODE: 'closed' });
    expect((await models(gateway)).status).toBe(200);

    await redis.kill();
    const during = [];
    for (let i = 0; i < 8; i++) during.push(await timed(gateway));
    expect(during.map((d) => d.response.status)).toEqual(Array(8).fill(503));
    expect(Math.max(...during.map((d) => d.ms))).toBeLessThan(1000);
    const body = (await during[0]!.response.json()) as ErrorBody;
    expect(body.error).toMatchObject({
      code: 503,
      type: 'service_unavailable',
      message: 'Rate limiting is unavailable, so the request was refused; try again shortly.',
    });
    expect(warnings(gateway)).toHaveLength(1);
    expect(warnings(gateway)[0]).toContain('RATE_LIMIT_FAIL_MODE=closed');
  });

  it('does not stall on a hung Redis: each request waits at most about one command timeout', async () => {
    await redis.start();
    gateway = await startGateway({ ...GATEWAY_DEFAULTS, REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '250' });
    expect((await models(gateway)).status).toBe(200);

    redis.pause();
    const during = [];
    for (let i = 0; i < 10; i++) during.push(await timed(gateway));
    redis.resume();
    expect(during.map((d) => d.response.status)).toEqual(Array(10).fill(200));
    // The first request finds out (one 250 ms timeout); later ones probe at most once a second.
    expect(Math.max(...during.map((d) => d.ms))).toBeLessThan(1000);
    expect(during.filter((d) => d.ms >= 200).length).toBeLessThanOrEqual(3);
    expect(warnings(gateway)).toHaveLength(1);
    expect(warnings(gateway)[0]).toContain('Command timed out');
  });

  it('starts while Redis is down, failing open until it comes up', async () => {
    gateway = await startGateway({ ...GATEWAY_DEFAULTS, REDIS_URL: redis.url, RATE_LIMIT_BURST: '2', RATE_LIMIT_BURST_WINDOW_MS: '30000' });
    expect(gateway.logs.some((line) => line.includes('Redis at REDIS_URL is not reachable yet'))).toBe(true);
    for (let i = 0; i < 4; i++) expect((await models(gateway)).status).toBe(200);

    await redis.start();
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 40 && !limited; attempt++) {
      const response = await models(gateway);
      if (response.headers.get('x-ratelimit-limit') !== null) limited = response;
      else await sleep(250);
    }
    expect(limited?.status).toBe(200);
    expect((await models(gateway)).status).toBe(200);
    expect((await models(gateway)).status).toBe(429);
  }, 40_000);
});

describe('one rate-limit store operation per request', () => {
  let redis: OwnRedis;
  let gateway: RunningGateway;

  beforeAll(async () => {
    // Its own redis-server, so the command counts are this test's alone.
    redis = new OwnRedis(await freePort());
    await redis.start();
    gateway = await startGateway({ ...GATEWAY_DEFAULTS, REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await gateway?.close();
    await redis.kill();
  });

  async function scriptCalls(): Promise<number> {
    const client = new Redis(redis.url);
    const stats = await client.info('commandstats');
    client.disconnect();
    return [...stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  }

  it('counts one script per authenticated request, one per refused key, none for a public route', async () => {
    expect((await models(gateway)).status).toBe(200); // loads the script once
    let before = await scriptCalls();
    for (let i = 0; i < 5; i++) expect((await models(gateway)).status).toBe(200);
    expect((await scriptCalls()) - before).toBe(5);

    before = await scriptCalls();
    for (let i = 0; i < 3; i++) expect((await models(gateway, 'wrong-key-0000000000')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await gateway.request('/health', { auth: false })).status).toBe(200);
    expect((await scriptCalls()) - before).toBe(3);
  });
});

describe('the admission sent ahead on a completion route (Redis): awaited before any upstream call', () => {
  let redis: OwnRedis;
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({
      ...GATEWAY_DEFAULTS,
      ...simulatorEnv(upstream.url),
      REDIS_URL: redis.url,
      RATE_LIMIT_FAIL_MODE: 'closed',
      // A long burst window: the counts below must not depend on how fast this machine answers.
      RATE_LIMIT_BURST: '3',
      RATE_LIMIT_BURST_WINDOW_MS: '60000',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    await redis?.kill();
  });

  const complete = (body: unknown): Promise<Response> => gateway.request('/v1/complete', { method: 'POST', json: body });

  it('serves within the limit with its headers, then refuses before the upstream: a valid body, an invalid one, a stream', async () => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await complete({ model: 'gpt-4o', prompt: `hello ${i}` });
      expect(response.status).toBe(200);
      remaining.push(response.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    expect(upstream.requests).toHaveLength(3);

    const refused = await complete({ model: 'gpt-4o', prompt: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as ErrorBody).error.type).toBe('rate_limit_error');
    // Past the limit, an invalid body is answered with the 429, as when the guard awaited the store itself.
    const invalid = await complete({ model: 'gpt-4o' });
    expect(invalid.status).toBe(429);
    const streamed = await gateway.request('/openai/v1/chat/completions', {
      method: 'POST',
      json: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true },
    });
    expect(streamed.status).toBe(429);
    expect(streamed.headers.get('content-type')).toContain('application/json');
    expect(upstream.requests).toHaveLength(3);
  });

  it('failing closed, a request whose store does not answer gets the 503 and reaches no upstream', async () => {
    const before = upstream.requests.length;
    await redis.kill();
    const response = await complete({ model: 'claude', prompt: 'hello' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorBody).error.type).toBe('service_unavailable');
    expect(upstream.requests).toHaveLength(before);
  });
});
