// Upstream bodies are bounded (README / docs/providers.md "Transport"): UPSTREAM_MAX_RESPONSE_BYTES caps what the
// gateway reads, announced or streamed, and an upstream error message is cut before anything processes it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

interface ErrorEnvelope {
  success: false;
  error: { code: number; message: string; type: string };
}

const MIB = 1024 * 1024;

describe('UPSTREAM_MAX_RESPONSE_BYTES', () => {
  let upstream: UpstreamSimulator;
  let defaults: RunningGateway;
  let small: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    // Retries on: a too-large answer must still be asked for only once.
    defaults = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_RETRY_BASE_MS: '10' });
    small = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_RETRY_BASE_MS: '10', UPSTREAM_MAX_RESPONSE_BYTES: '65536' });
  });
  afterAll(async () => {
    await defaults?.close();
    await small?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());

  async function call(gateway: RunningGateway, model = 'gpt-4o'): Promise<{ response: Response; body: ErrorEnvelope }> {
    const response = await gateway.request('/v1/complete', { json: { model, prompt: 'hi' } });
    return { response, body: (await response.json()) as ErrorEnvelope };
  }

  it('answers 502 naming the limit when the announced length is over the default 8 MiB, without a retry', async () => {
    upstream.setDefault({ rawBody: `{"pad":"${'x'.repeat(9 * MIB)}"}` });
    const { response, body } = await call(defaults);
    expect(response.status).toBe(502);
    expect(body.error).toMatchObject({ type: 'upstream_error', message: "OpenAI's response exceeded UPSTREAM_MAX_RESPONSE_BYTES (8388608 bytes)." });
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
    expect(upstream.requests).toHaveLength(1);
  });

  it('stops reading a body of unannounced length once it passes the limit', async () => {
    upstream.setDefault({ rawBody: `{"pad":"${'y'.repeat(400_000)}"}`, unsized: true }, 'anthropic');
    const { response, body } = await call(small, 'claude');
    expect(response.status).toBe(502);
    expect(body.error.message).toBe("Anthropic's response exceeded UPSTREAM_MAX_RESPONSE_BYTES (65536 bytes).");
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
  });

  it('applies to error bodies too, and still serves bodies under the limit', async () => {
    upstream.enqueue({ status: 500, rawBody: `{"error":{"message":"${'z'.repeat(100_000)}"}}` });
    const { response, body } = await call(small);
    expect(response.status).toBe(502);
    expect(body.error.message).toContain('exceeded UPSTREAM_MAX_RESPONSE_BYTES (65536 bytes)');
    expect((await small.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' } })).status).toBe(200);
  });

  it('cuts a huge upstream error message before processing it, and keeps serving meanwhile', async () => {
    const message = `Bad request: ${'https://user:pass@'.repeat(1)}${'a'.repeat(5 * MIB)}`;
    upstream.setDefault({ status: 400, body: { error: { message, type: 'invalid_request_error' } } });
    const started = Date.now();
    const pending = call(defaults);
    const health = await defaults.request('/health');
    const healthMs = Date.now() - started;
    const { response, body } = await pending;
    expect(health.status).toBe(200);
    // Generous for a loaded 2-core machine; an unbounded message took seconds of CPU before the cut.
    expect(healthMs).toBeLessThan(1000);
    expect(response.status).toBe(400);
    expect(body.error.message.startsWith('OpenAI rejected the request: Bad request: https://[redacted]@aaa')).toBe(true);
    expect(body.error.message.length).toBeLessThan(600);
  });
});
