import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import OpenAI, { BadRequestError } from 'openai';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { expectOpenAISchema } from './support/openapi-schemas.js';
import { specsFor } from './support/specs-dir.js';

// POST /openai/v1/embeddings with the official openai SDK, over the simulator's /v1/embeddings.
const MODELS = join(import.meta.dirname, 'fixtures/embedding-models.yaml');
const EMBEDDINGS = '/openai/v1/embeddings';

describe('embeddings (/openai/v1/embeddings)', () => {
  specsFor("embeddings responses validate against OpenAI's OpenAPI document");
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), GATEWAY_CONFIG: MODELS, UPSTREAM_MAX_RETRIES: '1', UPSTREAM_RETRY_BASE_MS: '1' });
    client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: CLIENT_KEY, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  it('embeds a string with the SDK\'s defaults (it asks for base64 and decodes it)', async () => {
    const response = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'The food was delicious.' });
    expect(response).toMatchObject({ object: 'list', model: 'text-embedding-3-small', usage: { prompt_tokens: 6, total_tokens: 6 } });
    expect(response.data).toHaveLength(1);
    expect(response.data[0]!.embedding).toHaveLength(1536);
    expect(response.data[0]!.embedding.every((value) => typeof value === 'number' && Number.isFinite(value))).toBe(true);
    expect(upstream.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: 'The food was delicious.', encoding_format: 'base64' } });
  });

  it('embeds several strings with dimensions, as floats, in OpenAI\'s response shape', async () => {
    const response = await gateway.request(EMBEDDINGS, { json: { model: 'text-embedding-3-small', input: ['one', 'two'], dimensions: 8, encoding_format: 'float', user: 'u-1' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { index: number; embedding: number[] }[] };
    expectOpenAISchema('CreateEmbeddingResponse', body);
    expect(body.data.map((item) => [item.index, item.embedding.length])).toEqual([[0, 8], [1, 8]]);
    expect(upstream.requests[0]!.body).toEqual({ model: 'text-embedding-3-small', input: ['one', 'two'], dimensions: 8, encoding_format: 'float', user: 'u-1' });
  });

  it('takes token arrays, and base64 decodes to the same floats', async () => {
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3]], encoding_format: 'float' });
    const raw = await gateway.request(EMBEDDINGS, { json: { model: 'text-embedding-3-small', input: [[1, 2, 3]], encoding_format: 'base64' } });
    const encoded = ((await raw.json()) as { data: { embedding: string }[] }).data[0]!.embedding;
    const bytes = Buffer.from(encoded, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    expect(decoded).toEqual(floats.data[0]!.embedding);
    expect(floats.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('retries an upstream failure like the chat routes', async () => {
    upstream.enqueue({ status: 500 }, 'openai');
    const response = await gateway.request(EMBEDDINGS, { json: { model: 'text-embedding-3-small', input: 'x', encoding_format: 'float' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-attempts')).toBe('2');
  });

  it('lists embedding models with the chat models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o', 'claude', 'text-embedding-3-small']));
    // An embedding model claims none of the chat capabilities.
    await expect(client.models.retrieve('text-embedding-3-small')).resolves.toMatchObject({ owned_by: 'openai', supports_tools: false, supports_vision: false, supports_json_schema: false });
  });

  it.each(['gpt-4o', 'claude'])('refuses chat model %s for embeddings with a 400 naming it, its provider never called', async (model) => {
    const error = await client.embeddings.create({ model, input: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'model', message: expect.stringContaining(`Model '${model}' is not an embedding model`) });
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses an embedding model for chat, on the OpenAI and the Anthropic surfaces', async () => {
    const chat = await client.chat.completions.create({ model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(chat).toMatchObject({ status: 400, param: 'model', message: expect.stringContaining("Model 'text-embedding-3-small' is an embedding model") });
    const messages = await gateway.request('/anthropic/v1/messages', { json: { model: 'text-embedding-3-small', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] } });
    expect(messages.status).toBe(400);
    expect(await messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('is an embedding model') } });
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    [{ input: '' }, 'input'],
    [{ input: [] }, 'input'],
    [{ input: [1, 'a'] }, 'input'],
    [{ input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    [{ input: 'x', dimensions: 0 }, 'dimensions'],
    [{ input: 'x', truncate: true }, 'truncate'],
  ])('refuses %j naming %s before any upstream call', async (fields, param) => {
    const response = await gateway.request(EMBEDDINGS, { json: { model: 'text-embedding-3-small', ...fields } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param } });
    expect(upstream.requests).toHaveLength(0);
  });

  it('passes on what the upstream refuses (dimensions on an older model) as a 400 with its words', async () => {
    const response = await gateway.request(EMBEDDINGS, { json: { model: 'ada-002', input: 'x', dimensions: 8 } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('This model does not support specifying dimensions.') } });
  });
});
