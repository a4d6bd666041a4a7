import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

interface ErrorEnvelope {
  success: false;
  error: { code: number; message: string; type: string; param: string | null; request_id: string };
}

const MODELS = [
  ['gpt-4o', 'openai', 'OpenAI'],
  ['claude', 'anthropic', 'Anthropic'],
] as const;

describe('upstream errors map onto the envelope (docs/errors.md: "Upstream errors")', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    // Retries are another feature's concern; here every upstream answer is taken as final.
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  async function call(model: string): Promise<{ response: Response; body: ErrorEnvelope }> {
    const response = await gateway.request('/v1/complete', { json: { model, prompt: 'hi' } });
    return { response, body: (await response.json()) as ErrorEnvelope };
  }

  describe.each(MODELS)('%s (%s)', (model, route, label) => {
    it('upstream 400 → 400 with the provider message', async () => {
      upstream.enqueue({ status: 400, body: errorBody(route, 'messages: too long') }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ code: 400, type: 'invalid_request_error' });
      expect(body.error.message).toBe(`${label} rejected the request: messages: too long`);
    });

    it.each([401, 403])('upstream %i (the gateway key is wrong) → 502 naming the credentials', async (status) => {
      upstream.enqueue({ status, body: errorBody(route, `Incorrect API key provided: ${route === 'openai' ? OPENAI_KEY : ANTHROPIC_KEY}`) }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(502);
      expect(body.error.type).toBe('upstream_error');
      expect(body.error.message).toContain("rejected the gateway's provider credentials");
      expect(JSON.stringify(body)).not.toContain(OPENAI_KEY);
      expect(JSON.stringify(body)).not.toContain(ANTHROPIC_KEY);
    });

    it('upstream 404 (unknown upstream model) → 502', async () => {
      upstream.enqueue({ status: 404 }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(502);
      expect(body.error.message).toContain('does not know the configured upstream model');
    });

    it('upstream 429 → 429 with its Retry-After', async () => {
      upstream.enqueue({ status: 429, headers: { 'retry-after': '17' } }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('17');
      expect(body.error).toMatchObject({ code: 429, type: 'rate_limit_error' });
    });

    it.each([
      ['missing', {}],
      ['not a number or a date', { 'retry-after': 'soon, maybe' }],
      ['absurd', { 'retry-after': '9'.repeat(400) }],
    ])('upstream 429 whose Retry-After is %s → 429 with the default Retry-After (5 s)', async (_what, headers: Record<string, string>) => {
      upstream.enqueue({ status: 429, headers }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(body.error).toMatchObject({ code: 429, type: 'rate_limit_error' });
    });

    it.each([500, 503, 529])('upstream %i → 502', async (status) => {
      upstream.enqueue({ status }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(502);
      expect(body.error.message).toContain(`(HTTP ${status})`);
    });

    it('a malformed upstream body → 502', async () => {
      upstream.enqueue({ malformed: true }, route);
      const { response, body } = await call(model);
      expect(response.status).toBe(502);
      expect(body.error.message).toContain('could not read');
    });

    it('a well-formed JSON body of the wrong shape → 502', async () => {
      upstream.enqueue({ body: { hello: 'world' } }, route);
      const { response } = await call(model);
      expect(response.status).toBe(502);
    });

    it('a reset connection → 502', async () => {
      upstream.setDefault({ reset: true }, route);
      try {
        const { response, body } = await call(model);
        expect(response.status).toBe(502);
        expect(body.error.message).toContain('could not be reached');
      } finally {
        upstream.clear();
      }
    });
  });

  it('an unreachable upstream → 502 without the URL', async () => {
    const dead = await startGateway({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', UPSTREAM_MAX_RETRIES: '0' });
    try {
      const response = await dead.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' } });
      const body = (await response.json()) as ErrorEnvelope;
      expect(response.status).toBe(502);
      expect(body.error.message).toBe('OpenAI could not be reached (connection refused).');
    } finally {
      await dead.close();
    }
  });

  it('a model without provider credentials → 503 naming the variable, and listed as unavailable', async () => {
    const keyless = await startGateway({ ...simulatorEnv(upstream.url), ANTHROPIC_API_KEY: '' });
    try {
      const response = await keyless.request('/v1/complete', { json: { model: 'claude', prompt: 'hi' } });
      const body = (await response.json()) as ErrorEnvelope;
      expect(response.status).toBe(503);
      expect(body.error).toMatchObject({ code: 503, type: 'service_unavailable' });
      expect(body.error.message).toContain('ANTHROPIC_API_KEY');
      const models = (await (await keyless.request('/v1/models')).json()) as { data: { models: { id: string; available: boolean }[] } };
      expect(models.data.models.find((m) => m.id === 'claude')?.available).toBe(false);
      expect(models.data.models.find((m) => m.id === 'gpt-4o')?.available).toBe(true);
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await keyless.close();
    }
  });
});

function errorBody(route: 'openai' | 'anthropic', message: string): unknown {
  return route === 'openai'
    ? { error: { message, type: 'invalid_request_error', param: null, code: null } }
    : { type: 'error', error: { type: 'invalid_request_error', message }, request_id: 'req_1' };
}
