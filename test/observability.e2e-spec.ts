// GET /metrics and the per-request log line, seen from outside: the real gateway process, the upstream simulator,
// the Prometheus text parsed, stdout read line by line (docs/observability.md).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { postMcp } from './mcp/mcp-clients.js';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { parsePrometheusText, valueOf, type Exposition } from './support/prometheus-text.js';

const SECOND_KEY = 'second-client-key-abcdefghij';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const PROMPT = 'PROMPT-MARKER-never-in-logs';

type LogLine = Record<string, unknown> & { msg?: string; level?: number };

function parsedLines(gateway: RunningGateway): LogLine[] {
  return gateway.logs.flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** The request line of the request with this id, once written (the line follows the response). */
async function requestLine(gateway: RunningGateway, requestId: string | null): Promise<LogLine> {
  for (let i = 0; i < 100; i++) {
    const line = parsedLines(gateway).find((entry) => entry.msg === 'request' && entry.request_id === requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no request line for ${requestId}`);
}

const complete = (gateway: RunningGateway, prompt = PROMPT): Promise<Response> =>
  gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt, max_tokens: 5 } });

describe('observability: /metrics and the request log line', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  const ids: Record<string, string | null> = {};
  let metrics: Exposition;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      GATEWAY_API_KEYS: `${CLIENT_KEY},${SECOND_KEY}`,
      // The second key gets a burst of 1: its second request is the limiter's 429.
      RATE_LIMIT_OVERRIDES: `sha256:${createHash('sha256').update(SECOND_KEY).digest('hex')}=1000/1`,
      RATE_LIMIT_BURST_WINDOW_MS: '60000',
      UPSTREAM_RETRY_BASE_MS: '10',
      UPSTREAM_RETRY_MAX_MS: '20',
      METRICS_TOKEN,
    });

    upstream.enqueue({ usage: { input: 11, output: 7 } }, 'openai');
    const served = await complete(gateway);
    expect(served.status).toBe(200);
    ids.served = served.headers.get('x-request-id');

    upstream.enqueue({ status: 503 }, 'openai').enqueue({ usage: { input: 3, output: 2 } }, 'openai');
    const retried = await complete(gateway);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('x-gateway-attempts')).toBe('2');
    ids.retried = retried.headers.get('x-request-id');

    const second = { headers: { authorization: `Bearer ${SECOND_KEY}` } };
    expect((await gateway.request('/v1/models', second)).status).toBe(200);
    const limited = await gateway.request('/v1/models', second);
    expect(limited.status).toBe(429);
    ids.limited = limited.headers.get('x-request-id');

    upstream.enqueue({ status: 401, body: { error: { message: 'Incorrect API key provided' } } }, 'openai');
    const rejected = await complete(gateway);
    expect(rejected.status).toBe(502);
    ids.rejected = rejected.headers.get('x-request-id');

    const unmatched = await gateway.request(`/nope/${'x'.repeat(40)}`);
    expect(unmatched.status).toBe(404);

    upstream.enqueue({ usage: { input: 5, output: 4 } }, 'openai');
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'complete', arguments: { model: 'gpt-4o', prompt: PROMPT } } };
    const mcp = await postMcp(gateway.url, JSON.stringify(call), { 'mcp-protocol-version': '2025-11-25' });
    expect(mcp.status).toBe(200);
    expect(await mcp.text()).not.toContain('"isError":true');
    ids.mcp = mcp.headers.get('x-request-id');

    const scrape = await gateway.request('/metrics', { auth: false, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    metrics = parsePrometheusText(await scrape.text());
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  describe('GET /metrics', () => {
    it('requires METRICS_TOKEN when set, and no client key (a client key is not the token)', async () => {
      const none = await gateway.request('/metrics', { auth: false });
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
      expect((await gateway.request('/metrics')).status).toBe(401);
      expect((await gateway.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    });

    it('never counts against a rate limit: scrapes past the second key\'s burst are all served', async () => {
      for (let i = 0; i < 3; i++) {
        const scrape = await gateway.request('/metrics', { auth: false, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        expect(scrape.status).toBe(200);
        expect(scrape.headers.get('x-ratelimit-remaining')).toBeNull();
      }
    });

    it('counts requests by route pattern, method, model and status in a latency histogram', () => {
      expect(metrics.types.get('gateway_http_request_duration_seconds')).toBe('histogram');
      const completions = { route: '/v1/complete', method: 'POST', model: 'gpt-4o' };
      expect(valueOf(metrics, 'gateway_http_request_duration_seconds_count', { ...completions, status: '200' })).toBe(2);
      expect(valueOf(metrics, 'gateway_http_request_duration_seconds_count', { ...completions, status: '502' })).toBe(1);
      expect(valueOf(metrics, 'gateway_http_request_duration_seconds_count', { route: '/v1/models', model: 'none', status: '429' })).toBe(1);
      expect(valueOf(metrics, 'gateway_http_request_duration_seconds_count', { route: '/mcp', method: 'POST', model: 'gpt-4o', status: '200' })).toBe(1);
      expect(valueOf(metrics, 'gateway_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
      const infBucket = valueOf(metrics, 'gateway_http_request_duration_seconds_bucket', { ...completions, status: '200', le: '+Inf' });
      expect(infBucket).toBe(2);
      expect(valueOf(metrics, 'gateway_http_request_duration_seconds_sum', { ...completions, status: '200' })).toBeGreaterThan(0);
    });

    it('counts upstream attempts, errors by reason, retries, limiter refusals and tokens', () => {
      expect(valueOf(metrics, 'gateway_upstream_request_duration_seconds_count', { provider: 'openai', outcome: 'success' })).toBe(3);
      expect(valueOf(metrics, 'gateway_upstream_request_duration_seconds_count', { provider: 'openai', outcome: 'error' })).toBe(2);
      expect(valueOf(metrics, 'gateway_upstream_errors_total', { provider: 'openai', reason: '503' })).toBe(1);
      expect(valueOf(metrics, 'gateway_upstream_errors_total', { provider: 'openai', reason: '401' })).toBe(1);
      expect(valueOf(metrics, 'gateway_upstream_retries_total', { model: 'gpt-4o' })).toBe(1);
      expect(valueOf(metrics, 'gateway_rate_limited_total', { reason: 'key_limit' })).toBe(1);
      expect(valueOf(metrics, 'gateway_rate_limited_total', { reason: 'auth_failures' })).toBe(0);
      expect(valueOf(metrics, 'gateway_tokens_total', { model: 'gpt-4o', type: 'prompt' })).toBe(11 + 3 + 5);
      expect(valueOf(metrics, 'gateway_tokens_total', { model: 'gpt-4o', type: 'completion' })).toBe(7 + 2 + 4);
    });

    it('declares the fallback and time-to-first-token families, the store health and the default process metrics', () => {
      expect(metrics.types.get('gateway_fallbacks_total')).toBe('counter');
      expect(metrics.types.get('gateway_time_to_first_token_seconds')).toBe('histogram');
      expect(valueOf(metrics, 'gateway_rate_limit_store_errors_total', { store: 'memory' })).toBe(0);
      expect(valueOf(metrics, 'gateway_rate_limit_store_up', { store: 'memory' })).toBe(1);
      expect(metrics.types.get('process_cpu_user_seconds_total')).toBe('counter');
      expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
      for (const name of metrics.types.keys()) expect(metrics.helps.get(name)?.length).toBeGreaterThan(10);
    });

    it('has no key, fingerprint, prompt or raw path in any label', () => {
      const fingerprints = [...new Set(parsedLines(gateway).map((entry) => entry.key_id).filter((id): id is string => typeof id === 'string'))];
      expect(fingerprints).toHaveLength(2);
      const allowed = new Set(['route', 'method', 'model', 'status', 'le', 'provider', 'outcome', 'reason', 'type', 'from', 'to', 'store', 'quantile']);
      for (const sample of metrics.samples) {
        for (const [name, value] of Object.entries(sample.labels)) {
          if (!sample.name.startsWith('gateway_')) continue;
          expect(allowed.has(name)).toBe(true);
          for (const secret of [CLIENT_KEY, SECOND_KEY, OPENAI_KEY, PROMPT, 'nope', ...fingerprints]) expect(value).not.toContain(secret);
        }
      }
      const routes = new Set(metrics.samples.map((sample) => sample.labels.route).filter((route) => route !== undefined));
      for (const route of routes) expect(['/mcp', '/metrics', '/v1/complete', '/v1/models', 'unmatched']).toContain(route);
    });
  });

  describe('the request log line', () => {
    it('a completion: one line with route, model, provider, served_by, status, attempts, tokens and latencies', async () => {
      const line = await requestLine(gateway, ids.served!);
      expect(line).toMatchObject({
        method: 'POST', route: '/v1/complete', status: 200, model: 'gpt-4o', provider: 'openai', served_by: 'gpt-4o',
        attempts: 1, prompt_tokens: 11, completion_tokens: 7,
      });
      expect(typeof line.ms).toBe('number');
      expect(typeof line.upstream_ms).toBe('number');
      expect(line.upstream_ms as number).toBeLessThanOrEqual((line.ms as number) + 1);
      expect(line).not.toHaveProperty('error_type');
      expect(parsedLines(gateway).filter((entry) => entry.msg === 'request' && entry.request_id === ids.served)).toHaveLength(1);
    });

    it('a retried completion counts both attempts', async () => {
      expect(await requestLine(gateway, ids.retried!)).toMatchObject({ status: 200, attempts: 2, prompt_tokens: 3 });
    });

    it('a refusal carries its error type', async () => {
      expect(await requestLine(gateway, ids.limited!)).toMatchObject({ route: '/v1/models', status: 429, error_type: 'rate_limit_error' });
    });

    it('an MCP tool call reports the model and tokens on the /mcp request line', async () => {
      expect(await requestLine(gateway, ids.mcp!)).toMatchObject({ route: '/mcp', status: 200, model: 'gpt-4o', attempts: 1, prompt_tokens: 5 });
    });

    it('a provider rejecting the gateway\'s key: the line says upstream_error, a warning names provider, status and variable', async () => {
      expect(await requestLine(gateway, ids.rejected!)).toMatchObject({ status: 502, error_type: 'upstream_error', attempts: 1, provider: 'openai' });
      const warnings = parsedLines(gateway).filter((entry) => entry.level === 40 && String(entry.msg).includes('rejected the gateway'));
      expect(warnings.map((entry) => entry.msg)).toEqual(["OpenAI rejected the gateway's API key (status 401): check OPENAI_API_KEY"]);
    });

    it('no key (client or provider) and no prompt anywhere in the output without LOG_PAYLOADS', () => {
      const output = gateway.logs.join('\n');
      for (const secret of [CLIENT_KEY, SECOND_KEY, OPENAI_KEY, ANTHROPIC_KEY, METRICS_TOKEN, PROMPT]) expect(output).not.toContain(secret);
      expect(parsedLines(gateway).some((entry) => 'prompt' in entry)).toBe(false);
    });
  });
});

describe('LOG_PAYLOADS=true', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), LOG_PAYLOADS: 'true' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  it('puts the prompt on the request line, cut to 2000 characters; keys still never appear; /metrics is public without METRICS_TOKEN', async () => {
    const short = await complete(gateway);
    expect((await requestLine(gateway, short.headers.get('x-request-id'))).prompt).toBe(PROMPT);
    const long = await complete(gateway, `${PROMPT}${'y'.repeat(5000)}`);
    const prompt = (await requestLine(gateway, long.headers.get('x-request-id'))).prompt as string;
    expect(prompt).toBe(`${PROMPT}${'y'.repeat(2000 - PROMPT.length)}…`);
    for (const secret of [CLIENT_KEY, OPENAI_KEY, ANTHROPIC_KEY]) expect(gateway.logs.join('\n')).not.toContain(secret);
    const scrape = await gateway.request('/metrics', { auth: false });
    expect(scrape.status).toBe(200);
    expect(valueOf(parsePrometheusText(await scrape.text()), 'gateway_http_request_duration_seconds_count', { route: '/v1/complete' })).toBe(2);
  });
});
