// The fault suite of README "Resilience": retries, backoff, Retry-After, deadlines, fallbacks and client
// disconnects, against the upstream simulator and the real gateway process.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

interface Envelope {
  success: boolean;
  data?: { model: string; served_by: string; choices: { text: string }[] };
  error?: { code: number; message: string; type: string };
}

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('resilience: retries, deadlines, fallbacks, cancellation', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let dir: string;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    dir = mkdtempSync(join(tmpdir(), 'gw-resilience-'));
    const models = join(dir, 'models.yaml');
    writeFileSync(
      models,
      [
        'models:',
        // Same simulator, different policies: a short overall deadline, a short per-attempt timeout.
        '  - {id: quick, provider: openai, upstream_model: gpt-4o-mini, request_timeout_ms: 800}',
        // Per attempt: long enough for a request to reach the simulator on a loaded machine (a timeout firing before it
        // arrives would shift which queued reply each attempt gets), well below REQUEST_TIMEOUT_MS.
        '  - {id: per-attempt, provider: openai, upstream_model: gpt-4o-mini, timeout_ms: 1000}',
        `  - {id: down, provider: openai-compatible, base_url: "http://127.0.0.1:${await closedPort()}/v1", upstream_model: m, fallbacks: [claude]}`,
        '  - {id: flaky, provider: openai, upstream_model: gpt-4o-mini, fallbacks: [claude]}',
        '',
      ].join('\n'),
    );
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      GATEWAY_CONFIG: models,
      UPSTREAM_MAX_RETRIES: '2',
      UPSTREAM_RETRY_BASE_MS: '20',
      UPSTREAM_RETRY_MAX_MS: '100',
      REQUEST_TIMEOUT_MS: '10000',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => upstream.clear());

  async function complete(model: string, init: RequestInit = {}): Promise<{ response: Response; body: Envelope; ms: number }> {
    const started = Date.now();
    const response = await gateway.request('/v1/complete', { ...init, json: { model, prompt: 'hi' } });
    const body = (await response.json()) as Envelope;
    return { response, body, ms: Date.now() - started };
  }

  const attempts = (response: Response): string | null => response.headers.get('x-gateway-attempts');

  it('a plain success reports one attempt and served_by = the requested model', async () => {
    const { response, body } = await complete('gpt-4o');
    expect(response.status).toBe(200);
    expect(attempts(response)).toBe('1');
    expect(body.data).toMatchObject({ model: 'gpt-4o', served_by: 'gpt-4o' });
  });

  it('500 then 200 → success with X-Gateway-Attempts: 2', async () => {
    upstream.enqueue({ status: 500 }).enqueue({ text: 'second time lucky' });
    const { response, body } = await complete('gpt-4o');
    expect(response.status).toBe(200);
    expect(attempts(response)).toBe('2');
    expect(body.data?.choices[0]?.text).toBe('second time lucky');
    expect(upstream.requests).toHaveLength(2);
  });

  it.each([408, 409, 429, 500, 502, 503, 504, 529])('upstream %i is retried', async (status) => {
    upstream.enqueue({ status }).enqueue({});
    const { response } = await complete('gpt-4o');
    expect(response.status).toBe(200);
    expect(attempts(response)).toBe('2');
  });

  it('429 with retry-after: 1 then 200 → success after about a second', async () => {
    upstream.enqueue({ status: 429, headers: { 'retry-after': '1' } }).enqueue({});
    const { response, ms } = await complete('gpt-4o');
    expect(response.status).toBe(200);
    expect(attempts(response)).toBe('2');
    const gap = upstream.requests[1]!.receivedAt - upstream.requests[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2500);
  });

  it('honours retry-after-ms', async () => {
    upstream.enqueue({ status: 503, headers: { 'retry-after-ms': '400' } }).enqueue({});
    const { response } = await complete('gpt-4o');
    expect(response.status).toBe(200);
    expect(upstream.requests[1]!.receivedAt - upstream.requests[0]!.receivedAt).toBeGreaterThanOrEqual(380);
  });

  it('a Retry-After beyond the deadline → the upstream 429 and its Retry-After at once', async () => {
    upstream.enqueue({ status: 429, headers: { 'retry-after': '30' } }).enqueue({});
    const { response, body, ms } = await complete('gpt-4o');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(body.error).toMatchObject({ code: 429, type: 'rate_limit_error' });
    expect(attempts(response)).toBe('1');
    expect(ms).toBeLessThan(1000);
    expect(upstream.requests).toHaveLength(1);
  });

  it('529 three times → 502 after the configured retries (3 attempts with UPSTREAM_MAX_RETRIES=2)', async () => {
    upstream.enqueue({ status: 529 }).enqueue({ status: 529 }).enqueue({ status: 529 }).enqueue({});
    const { response, body } = await complete('gpt-4o');
    expect(response.status).toBe(502);
    expect(body.error).toMatchObject({ code: 502, type: 'upstream_error' });
    expect(body.error?.message).toContain('(HTTP 529)');
    expect(attempts(response)).toBe('3');
    expect(upstream.requests).toHaveLength(3);
  });

  it('Anthropic overloaded (529) is retried too', async () => {
    upstream.enqueue({ status: 529 }, 'anthropic').enqueue({}, 'anthropic');
    const { response } = await complete('claude');
    expect(response.status).toBe(200);
    expect(attempts(response)).toBe('2');
  });

  it.each([400, 401, 403, 404, 413, 422])('upstream %i → no retry (1 attempt)', async (status) => {
    upstream.enqueue({ status }).enqueue({});
    const { response } = await complete('gpt-4o');
    expect(response.status).toBe(status === 400 || status === 413 || status === 422 ? 400 : 502);
    expect(attempts(response)).toBe('1');
    expect(upstream.requests).toHaveLength(1);
  });

  it('an upstream that hangs → 504 at the deadline, not later, and the upstream request is cancelled', async () => {
    upstream.setDefault({ hang: true });
    const { response, body, ms } = await complete('quick'); // request_timeout_ms: 800
    expect(response.status).toBe(504);
    expect(body.error).toMatchObject({ code: 504, type: 'upstream_timeout' });
    expect(body.error?.message).toContain('800 ms');
    expect(ms).toBeGreaterThanOrEqual(780);
    expect(ms).toBeLessThan(1500);
    expect(attempts(response)).toBe('1');
    await upstream.waitForClientClose(0);
  });

  it('a per-attempt timeout is retried, and the timed-out request is cancelled', async () => {
    upstream.enqueue({ hang: true }).enqueue({ text: 'in time' });
    const { response, body, ms } = await complete('per-attempt'); // timeout_ms: 1000
    expect(response.status).toBe(200);
    expect(body.data?.choices[0]?.text).toBe('in time');
    expect(attempts(response)).toBe('2');
    expect(ms).toBeGreaterThanOrEqual(990);
    await upstream.waitForClientClose(0);
  });

  it('per-attempt timeouts on every attempt → 504 after the retries', async () => {
    upstream.setDefault({ hang: true });
    const { response, body, ms } = await complete('per-attempt');
    expect(response.status).toBe(504);
    expect(body.error?.type).toBe('upstream_timeout');
    expect(body.error?.message).toContain('1000 ms');
    expect(attempts(response)).toBe('3');
    expect(ms).toBeGreaterThanOrEqual(2900);
    // Ended by the per-attempt timeouts, well before the overall deadline (REQUEST_TIMEOUT_MS, 10 s).
    expect(ms).toBeLessThan(8000);
  });

  it('a reset connection → retried', async () => {
    upstream.enqueue({ reset: true }).enqueue({ text: 'after reset' });
    const { response, body } = await complete('gpt-4o');
    expect(response.status).toBe(200);
    expect(body.data?.choices[0]?.text).toBe('after reset');
    expect(attempts(response)).toBe('2');
  });

  it('a malformed body → 502, not retried', async () => {
    upstream.enqueue({ malformed: true }).enqueue({});
    const { response, body } = await complete('gpt-4o');
    expect(response.status).toBe(502);
    expect(body.error?.message).toContain('could not read');
    expect(attempts(response)).toBe('1');
    expect(upstream.requests).toHaveLength(1);
  });

  it('primary down → the fallback serves; model stays the requested id, served_by names the fallback', async () => {
    upstream.enqueue({ text: 'from claude' }, 'anthropic');
    const { response, body } = await complete('down');
    expect(response.status).toBe(200);
    expect(body.data).toMatchObject({ model: 'down', served_by: 'claude', choices: [{ text: 'from claude' }] });
    // Three refused connections (1 + 2 retries), then the fallback.
    expect(attempts(response)).toBe('4');
    expect(upstream.requests.map((r) => r.route)).toEqual(['anthropic']);
  });

  it('a primary that keeps failing retryably falls back after its retries', async () => {
    upstream.setDefault({ status: 503 }, 'openai');
    const { response, body } = await complete('flaky');
    expect(response.status).toBe(200);
    expect(body.data).toMatchObject({ model: 'flaky', served_by: 'claude' });
    expect(attempts(response)).toBe('4');
    expect(upstream.requests.map((r) => r.route)).toEqual(['openai', 'openai', 'openai', 'anthropic']);
  });

  it('a non-retryable primary failure does not fall back', async () => {
    upstream.enqueue({ status: 400 }, 'openai');
    const { response } = await complete('flaky');
    expect(response.status).toBe(400);
    expect(upstream.requests.map((r) => r.route)).toEqual(['openai']);
  });

  it("when the fallbacks fail too, the client gets the requested model's error", async () => {
    upstream.setDefault({ status: 503 }, 'openai').setDefault({ status: 500 }, 'anthropic');
    const { response, body } = await complete('flaky');
    expect(response.status).toBe(502);
    expect(body.error?.message).toContain('OpenAI failed to answer (HTTP 503)');
    expect(attempts(response)).toBe('6');
  });

  /** Starts a completion over node:http and returns a function that drops the connection (a client leaving). */
  function startAndLeave(model: string): () => void {
    const request = http.request(`${gateway.url}/v1/complete`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
    });
    request.on('error', () => undefined); // the client itself hangs up
    request.end(JSON.stringify({ model, prompt: 'hi' }));
    return () => request.destroy();
  }

  it('a client disconnect cancels the upstream request, and nothing is retried after it', async () => {
    upstream.setDefault({ hang: true });
    const leave = startAndLeave('gpt-4o');
    await upstream.waitForRequests(1);
    leave();
    await upstream.waitForClientClose(0);
    await new Promise((resolve) => setTimeout(resolve, 400)); // several backoff periods
    expect(upstream.requests).toHaveLength(1);
  });

  it('a client that leaves during the backoff gets no further upstream request', async () => {
    // A 2 s backoff: the client surely leaves inside it, even when a loaded machine delays the 100 ms below.
    upstream.enqueue({ status: 429, headers: { 'retry-after': '2' } }).enqueue({});
    const leave = startAndLeave('gpt-4o');
    await upstream.waitForRequests(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    leave();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(upstream.requests).toHaveLength(1);
  });

  it('logs the retries, without secrets', async () => {
    const text = gateway.logs.join('\n');
    expect(text).toMatch(/attempt 2 in \d+ ms after/);
    expect(text).not.toContain(OPENAI_KEY);
    expect(text).not.toContain(ANTHROPIC_KEY);
  });
});
