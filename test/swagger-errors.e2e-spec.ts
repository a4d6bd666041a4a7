import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

/*
 * Every error example the OpenAPI document shows is what the gateway really answers in that situation: the body
 * word for word (the request id aside) and the headers it documents.
 */

interface Example {
  value: { success: false; error: { code: number; message: string; type: string; param: string | null; request_id: string } };
}
interface DocResponse {
  headers?: Record<string, { example?: string }>;
  content?: Record<string, { examples?: Record<string, Example> }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, DocResponse> }>>;
}

async function documented(gateway: RunningGateway, path: string, method: string): Promise<Record<string, DocResponse>> {
  const doc = (await (await gateway.request('/docs-json', { auth: false })).json()) as OpenApiDoc;
  return doc.paths[path]![method]!.responses;
}

function example(responses: Record<string, DocResponse>, status: number, name: string): Example['value'] {
  const value = responses[String(status)]?.content?.['application/json']?.examples?.[name]?.value;
  if (!value) throw new Error(`no example ${name} for ${status}`);
  return value;
}

/** The real answer matches the example (request id aside) and carries every header the document names. */
async function expectAnswered(response: Response, responses: Record<string, DocResponse>, status: number, name: string): Promise<void> {
  const shown = example(responses, status, name);
  const body = (await response.json()) as Example['value'];
  expect(response.status).toBe(status);
  expect({ ...body, error: { ...body.error, request_id: shown.error.request_id } }).toEqual(shown);
  for (const header of Object.keys(responses[String(status)]?.headers ?? {})) {
    expect(response.headers.get(header)).not.toBeNull();
  }
}

describe('documented error examples are the real answers', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let complete: Record<string, DocResponse>;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      // claude has no credentials: the 503 example names it.
      ANTHROPIC_API_KEY: undefined,
      MAX_BODY_BYTES: '2048',
      REQUEST_TIMEOUT_MS: '400',
      UPSTREAM_MAX_RETRIES: '0',
    });
    complete = await documented(gateway, '/v1/complete', 'post');
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  it('400, 401 (wrong key, no key), 413, 415', async () => {
    await expectAnswered(await gateway.request('/v1/complete', { json: { prompt: 'Hi' } }), complete, 400, 'missing_field');
    const wrongKey = { authorization: 'Bearer not-a-key' };
    await expectAnswered(await gateway.request('/v1/complete', { json: {}, headers: wrongKey }), complete, 401, 'invalid_key');
    await expectAnswered(await gateway.request('/v1/complete', { json: {}, auth: false }), complete, 401, 'missing_key');
    const big = { model: 'gpt-4o', prompt: 'x'.repeat(4096) };
    await expectAnswered(await gateway.request('/v1/complete', { json: big }), complete, 413, 'body_too_large');
    const text = { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } };
    await expectAnswered(await gateway.request('/v1/complete', text), complete, 415, 'not_json');
  });

  it('502, 503, 504 from the upstream side', async () => {
    upstream.enqueue({ status: 500, body: {} });
    await expectAnswered(await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'Hi' } }), complete, 502, 'upstream_failed');
    await expectAnswered(await gateway.request('/v1/complete', { json: { model: 'claude', prompt: 'Hi' } }), complete, 503, 'model_unavailable');
    upstream.enqueue({ delayMs: 3000 });
    await expectAnswered(await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'Hi' } }), complete, 504, 'deadline');
  });

  it('429 on both routes, with its Retry-After', async () => {
    const limited = await startGateway({ ...simulatorEnv(upstream.url), RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '1000' });
    try {
      const models = await documented(limited, '/v1/models', 'get');
      expect(example(models, 429, 'burst_limit')).toEqual(example(await documented(limited, '/v1/complete', 'post'), 429, 'burst_limit'));
      const answers: Response[] = [];
      for (let i = 0; i < 3; i += 1) answers.push(await limited.request('/v1/models'));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
      await expectAnswered(answers[2]!, models, 429, 'burst_limit');
      expect(models['429']?.headers?.['Retry-After']?.example).toBe(answers[2]!.headers.get('retry-after'));
    } finally {
      await limited.close();
    }
  });
});
