import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway } from './support/gateway-harness.js';

interface Envelope {
  success: boolean;
  data?: { status?: string; checks?: { name: string; ok: boolean }[]; providers?: Record<string, unknown>[] };
  error?: { code: number; message: string; type: string; request_id: string };
}

const json = async (response: Response): Promise<Envelope> => (await response.json()) as Envelope;

describe('health: live, ready, providers', () => {
  let upstream: UpstreamSimulator;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
  });
  afterAll(() => upstream.stop());

  it('live and ready answer 200 in the envelope without a key; GET /health keeps its rate-limit counters', async () => {
    const gateway = await startGateway(simulatorEnv(upstream.url));
    try {
      const live = await gateway.request('/health/live', { auth: false });
      expect(live.status).toBe(200);
      expect(await json(live)).toMatchObject({ success: true, data: { status: 'ok' } });
      const ready = await gateway.request('/health/ready', { auth: false });
      expect(ready.status).toBe(200);
      const body = await json(ready);
      expect(body.data?.status).toBe('ready');
      expect(body.data?.checks?.map((check) => check.name)).toEqual(['config', 'redis', 'providers', 'draining']);
      const legacy = await json(await gateway.request('/health', { auth: false }));
      expect(legacy).toMatchObject({ success: true, data: { status: 'ok', rate_limit: { store: 'memory' } } });
    } finally {
      await gateway.close();
    }
  });

  it('ready is 503 naming providers when no provider has a key', async () => {
    const gateway = await startGateway({ OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' });
    try {
      const ready = await gateway.request('/health/ready', { auth: false });
      expect(ready.status).toBe(503);
      const body = await json(ready);
      expect(body.error).toMatchObject({ code: 503, type: 'service_unavailable' });
      expect(body.error?.message).toContain('providers: no model has provider credentials (set OPENAI_API_KEY, ANTHROPIC_API_KEY)');
      expect((await gateway.request('/health/live', { auth: false })).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('ready is 503 naming redis when REDIS_URL is configured but unreachable', async () => {
    const gateway = await startGateway({ ...simulatorEnv(upstream.url), REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: `health-${randomUUID()}:` });
    try {
      const ready = await gateway.request('/health/ready', { auth: false });
      expect(ready.status).toBe(503);
      const message = (await json(ready)).error?.message ?? '';
      expect(message).toContain('redis: the rate-limit store at REDIS_URL is unreachable');
      expect(message).not.toContain('127.0.0.1:1');
    } finally {
      await gateway.close();
    }
  });

  it('ready flips to 503 (draining) on SIGTERM while an in-flight completion finishes', async () => {
    const gateway = await startGateway({ ...simulatorEnv(upstream.url), SHUTDOWN_DRAIN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '5000' });
    upstream.clear();
    upstream.enqueue({ delayMs: 1200, text: 'finished while draining' });
    const pending = gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'slow' } });
    await upstream.waitForRequests(1);
    expect((await gateway.request('/health/ready', { auth: false })).status).toBe(200);
    const closing = gateway.close();
    let ready: Response | undefined;
    for (let i = 0; i < 20; i++) {
      ready = await gateway.request('/health/ready', { auth: false });
      if (ready.status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(ready?.status).toBe(503);
    expect((await json(ready!)).error?.message).toContain('draining: shutting down');
    const completion = await pending;
    expect(completion.status).toBe(200);
    expect(((await completion.json()) as { data: { choices: { text: string }[] } }).data.choices[0]?.text).toBe('finished while draining');
    await closing;
    expect(gateway.exited()).toBe('exit code 0');
  });

  it('providers needs a key, probes each upstream model listing once, and serves the cached report', async () => {
    const gateway = await startGateway(simulatorEnv(upstream.url));
    try {
      expect((await gateway.request('/health/providers', { auth: false })).status).toBe(401);
      upstream.clear();
      const [first, second] = await Promise.all([gateway.request('/health/providers'), gateway.request('/health/providers')]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      const third = await json(await gateway.request('/health/providers'));
      const probes = upstream.requests.filter((request) => request.method === 'GET');
      expect(probes.map((request) => [request.path, request.route]).sort()).toEqual([['/v1/models', 'anthropic'], ['/v1/models', 'openai']]);
      expect(third.data?.providers).toEqual([
        expect.objectContaining({ provider: 'openai', url: `${upstream.url}/v1/models`, configured: true, reachable: true, ok: true, status: 200 }),
        expect.objectContaining({ provider: 'anthropic', url: `${upstream.url}/v1/models`, configured: true, reachable: true, ok: true, status: 200 }),
      ]);
      const text = JSON.stringify(await json(first));
      expect(text).not.toContain(OPENAI_KEY);
      expect(text).not.toContain(ANTHROPIC_KEY);
    } finally {
      await gateway.close();
    }
  });

  it('providers reports a rejected key with its status and a provider without a key as not configured', async () => {
    const gateway = await startGateway({ ...simulatorEnv(upstream.url), OPENAI_API_KEY: 'sk-wrong-key-000000', ANTHROPIC_API_KEY: '' });
    try {
      upstream.clear();
      const body = await json(await gateway.request('/health/providers'));
      expect(body.data?.providers).toEqual([
        expect.objectContaining({ provider: 'openai', configured: true, reachable: true, ok: false, status: 401 }),
        expect.objectContaining({ provider: 'anthropic', configured: false, reachable: false, status: null }),
      ]);
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await gateway.close();
    }
  });
});

describe('start-up output', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('is a few lines without framework noise; a generated key stands on its own line', async () => {
    const gateway = await startGateway({ GATEWAY_API_KEYS: '', ANTHROPIC_API_KEY: '' });
    try {
      await settle();
      const lines = gateway.logs.filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(6);
      for (const noise of ['RoutesResolver', 'RouterExplorer', 'InstanceLoader', 'NestFactory', 'Server listening at']) {
        expect(lines.join('\n')).not.toContain(noise);
      }
      const parsed = lines.map((line) => JSON.parse(line) as { msg: string; level: number });
      expect(parsed.at(-1)!.msg).toBe(`Gateway listening on http://127.0.0.1:${gateway.port} (docs at /docs)`);
      expect(parsed.some((line) => line.msg === 'Provider credentials: openai; missing for anthropic (their models answer 503)')).toBe(true);
      expect(parsed.some((line) => line.msg === 'Responses API store: memory (at most 1000 responses, 67108864 bytes)')).toBe(true);
      const keyLines = lines.filter((line) => /sk-gw-[A-Za-z0-9_-]+/.test(line));
      expect(keyLines).toHaveLength(1);
      expect(JSON.parse(keyLines[0]!).msg).toMatch(/^GATEWAY_API_KEYS is not set: generated an API key for this process, shown once here: sk-gw-[A-Za-z0-9_-]+$/);
    } finally {
      await gateway.close();
    }
  });

  it('LOG_FORMAT=pretty prints readable lines (and the harness still finds the port)', async () => {
    const gateway = await startGateway({ LOG_FORMAT: 'pretty' });
    try {
      await settle();
      expect(gateway.logs.at(-1)).toMatch(/^\[[\d:.]+\] INFO: Gateway listening on http:\/\/127\.0\.0\.1:\d+ \(docs at \/docs\) \{"port":\d+\}$/);
      expect(gateway.logs.every((line) => !line.startsWith('{'))).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it('LOG_FORMAT with another value stops the start naming the variable', async () => {
    await expect(startGateway({ LOG_FORMAT: 'xml' })).rejects.toThrow("Configuration error: LOG_FORMAT must be json or pretty; got 'xml'");
  });
});
