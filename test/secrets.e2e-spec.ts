import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

describe('no client or provider key ever appears in a response or a log line', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  const seen: string[] = [];

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), LOG_LEVEL: 'trace', UPSTREAM_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });

  async function record(response: Response): Promise<void> {
    seen.push(JSON.stringify([...response.headers.entries()]), await response.text());
  }

  it('across successes, validation errors, auth failures and upstream errors that echo the key', async () => {
    await record(await gateway.request('/v1/models'));
    await record(await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hello' } }));
    await record(await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'hello' } }));
    await record(await gateway.request('/v1/complete', { json: { model: CLIENT_KEY, prompt: 'x' } }));
    await record(await gateway.request('/v1/models', { headers: { authorization: `Bearer ${CLIENT_KEY}x` } }));
    await record(await gateway.request(`/v1/models?key=${CLIENT_KEY}`, { auth: false }));
    // Upstreams that echo the gateway's own key back in their error messages (OpenAI does, partly masked).
    upstream.enqueue({ status: 401, body: { error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }, 'openai');
    await record(await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'x' } }));
    upstream.enqueue({ status: 400, body: { error: { message: `Bad request for key ${OPENAI_KEY} at https://user:pw@proxy.internal/v1`, type: 'invalid_request_error', param: null, code: null } } }, 'openai');
    await record(await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'x' } }));
    upstream.enqueue({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: `x-api-key ${ANTHROPIC_KEY} rejected` } } }, 'anthropic');
    await record(await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'x' } }));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const everything = [...seen, ...gateway.logs].join('\n');
    expect(everything).toContain('[redacted]'); // the echoed keys were there to be found, and were masked
    expect(everything).not.toContain('user:pw@');
    for (const secret of [CLIENT_KEY, OPENAI_KEY, ANTHROPIC_KEY]) expect(everything).not.toContain(secret);
    // The logs did see these requests (so the check above had something to look at).
    expect(gateway.logs.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(9);
  });
});
