import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import OpenAI, { APIError, BadRequestError, NotFoundError } from 'openai';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { openAISchema } from './support/openapi-schemas.js';
import { responseEventSchema } from './support/response-event-schemas.js';
import { jsonEvents, readSse } from './support/sse-client.js';
import { specsFor } from './support/specs-dir.js';
import { eventually } from './support/eventually.js';

// The official openai SDK's Responses API against the gateway, on an OpenAI and an Anthropic model, with the
// in-memory store (test/openai-responses-store.e2e-spec.ts runs the store on PostgreSQL).
const OTHER_KEY = 'other-client-key-0123456789';
const LIMITED_KEY = 'limited-client-key-0123456789';
const fingerprint = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 8);
const SCHEMAS = specsFor('response objects and events valid against OpenAI\'s OpenAPI document');

const valid = (schema: string, value: unknown): void => {
  if (!SCHEMAS) return;
  const validate = schema === 'ResponseStreamEvent' ? responseEventSchema(value as { type: string }) : openAISchema(schema);
  expect({ schema, value, errors: validate(value) ? null : validate.errors }).toEqual({ schema, value, errors: null });
};

describe('the Responses API with the official openai SDK', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let client: OpenAI;
  const sdk = (apiKey: string): OpenAI => new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey, maxRetries: 0 });

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      GATEWAY_API_KEYS: `${CLIENT_KEY},${OTHER_KEY},${LIMITED_KEY}`,
      // The limited key gets 2 requests per window, so its third is refused.
      RATE_LIMIT_OVERRIDES: `${fingerprint(LIMITED_KEY)}=2/2`,
      UPSTREAM_MAX_RETRIES: '0',
    });
    client = sdk(CLIENT_KEY);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  it('answers responses.create on gpt-4o: instructions first, the output text, usage, settings echoed', async () => {
    upstream.enqueue({ text: 'Hello!', finishReason: 'stop', usage: { input: 9, output: 2 } }, 'openai');
    const response = await client.responses.create({ model: 'gpt-4o', instructions: 'Be brief.', input: 'Hi', max_output_tokens: 20, temperature: 0.2, metadata: { run: '1' } });
    expect(response.output_text).toBe('Hello!');
    expect(response).toMatchObject({
      object: 'response', status: 'completed', model: 'gpt-4o', instructions: 'Be brief.', max_output_tokens: 20, temperature: 0.2, metadata: { run: '1' },
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello!', annotations: [] }] }],
      usage: { input_tokens: 9, output_tokens: 2, total_tokens: 11 },
    });
    expect(response.id).toMatch(/^resp_/);
    valid('Response', response);
    expect(upstream.requests[0]?.body).toMatchObject({
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
      max_completion_tokens: 20,
      temperature: 0.2,
    });
  });

  it('answers on claude: the instructions become Anthropic\'s system, a max-tokens stop is incomplete', async () => {
    upstream.enqueue({ text: 'Bonjour', finishReason: 'max_tokens', usage: { input: 6, output: 1 } }, 'anthropic');
    const response = await client.responses.create({
      model: 'claude',
      instructions: 'Answer in French.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
      max_output_tokens: 50,
    });
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output_text: 'Bonjour' });
    valid('Response', response);
    expect(upstream.requests[0]?.path).toBe('/v1/messages');
    expect(upstream.requests[0]?.body).toMatchObject({ system: 'Answer in French.', max_tokens: 50, messages: [{ role: 'user' }] });
  });

  it.each([['gpt-4o', 'openai'], ['claude', 'anthropic']] as const)('streams on %s: OpenAI\'s event sequence with sequence numbers, every event valid', async (model, route) => {
    upstream.enqueue({ streamChunks: ['Hello', ', ', 'world!'], usage: { input: 5, output: 3 } }, route);
    const stream = client.responses.stream({ model, input: 'Greet the world.' });
    const types: string[] = [];
    const numbers: number[] = [];
    for await (const event of stream) {
      types.push(event.type);
      numbers.push(event.sequence_number);
      valid('ResponseStreamEvent', event);
    }
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello, world!');
    expect(final.usage).toMatchObject({ input_tokens: 5, output_tokens: 3, total_tokens: 8 });
    expect(numbers).toEqual(types.map((_, index) => index));
    expect(types).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
  });

  it('ends a stream that fails after its start with response.failed and an error event (the SDK throws)', async () => {
    upstream.enqueue({ streamChunks: ['Partial', ' answer'], streamFault: { afterPieces: 1, kind: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, 'anthropic');
    const raw = await fetch(`${gateway.url}/openai/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude', input: 'Hi', stream: true }),
    });
    const events = jsonEvents(await readSse(raw));
    expect(events.map((event) => event.type).slice(-2)).toEqual(['response.failed', 'error']);
    expect(events.at(-2)).toMatchObject({ response: { status: 'failed', error: { code: 'server_error' } } });
    for (const event of events) valid('ResponseStreamEvent', event);
    upstream.enqueue({ streamChunks: ['Partial', ' answer'], streamFault: { afterPieces: 1, kind: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, 'anthropic');
    await expect((async () => {
      for await (const event of client.responses.stream({ model: 'claude', input: 'Hi' })) void event;
    })()).rejects.toBeInstanceOf(APIError);
  });

  it.each([
    [{ tools: [{ type: 'web_search_preview' }] }, 'tools[0].type', /web_search_preview/],
    [{ tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] }, 'tools[0].type', /file_search/],
    [{ background: true }, 'background', /background mode/],
    [{ input: [{ type: 'message', role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input[0].content[0].type', /file inputs/],
    [{ tool_choice: { type: 'function', name: 'nope' } }, 'tool_choice.name', /no function tool named 'nope'/],
    [{ text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema', /required/],
  ])('refuses %j with a 400 naming %s, before any upstream call', async (extra, param, message) => {
    const error = await client.responses.create({ model: 'gpt-4o', input: 'Hi', ...extra } as OpenAI.Responses.ResponseCreateParamsNonStreaming).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe(param);
    expect((error as BadRequestError).message).toMatch(message);
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers an unknown model 404 model_not_found', async () => {
    await expect(client.responses.create({ model: 'gpt-9', input: 'Hi' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('continues a stored response with previous_response_id, only for the key that made it; GET and DELETE', async () => {
    upstream.enqueue({ text: 'Paris.', usage: { input: 5, output: 1 } }, 'anthropic');
    const first = await client.responses.create({ model: 'claude', instructions: 'Be terse.', input: 'Capital of France?' });
    upstream.enqueue({ text: 'About 2 million.', usage: { input: 9, output: 3 } }, 'anthropic');
    const second = await client.responses.create({ model: 'claude', previous_response_id: first.id, input: 'Its population?' });
    expect(second).toMatchObject({ previous_response_id: first.id, output_text: 'About 2 million.', instructions: null });
    // The earlier turns come first; the earlier instructions are not carried over (as OpenAI does).
    expect(upstream.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Capital of France?' },
        { role: 'assistant', content: [{ type: 'text', text: 'Paris.' }] },
        { role: 'user', content: 'Its population?' },
      ],
    });
    expect((upstream.requests[1]?.body as Record<string, unknown>).system).toBeUndefined();

    const fetched = await client.responses.retrieve(second.id);
    expect(fetched).toMatchObject({ id: second.id, output_text: 'About 2 million.' });
    valid('Response', fetched);

    const other = sdk(OTHER_KEY);
    await expect(other.responses.retrieve(first.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.responses.delete(first.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.responses.create({ model: 'claude', previous_response_id: first.id, input: 'x' })).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });

    await client.responses.delete(second.id);
    await expect(client.responses.retrieve(second.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.responses.retrieve(first.id)).resolves.toMatchObject({ id: first.id });
    expect(upstream.requests).toHaveLength(2);
  });

  it('states the in-memory store\'s bounds at start-up', () => {
    expect(gateway.logs.join('\n')).toContain('Responses API store: memory (at most 1000 responses, 67108864 bytes)');
  });

  it('keeps nothing with store: false', async () => {
    upstream.enqueue({ text: 'ok' }, 'openai');
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Hi', store: false });
    expect(response).toMatchObject({ store: false });
    await expect(client.responses.retrieve(response.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('continues a streamed response too (stored when its stream completes)', async () => {
    upstream.enqueue({ streamChunks: ['Blue', '.'] }, 'openai');
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'Sky colour?' });
    const first = await stream.finalResponse();
    upstream.enqueue({ text: 'Grey, sometimes.' }, 'openai');
    await client.responses.create({ model: 'gpt-4o', previous_response_id: first.id, input: 'And at dusk?' });
    expect(upstream.requests[1]?.body).toMatchObject({
      messages: [{ role: 'user', content: 'Sky colour?' }, { role: 'assistant', content: [{ type: 'text', text: 'Blue.' }] }, { role: 'user', content: 'And at dusk?' }],
    });
  });

  it('resolves item_reference items to this key\'s stored output items', async () => {
    upstream.enqueue({ text: 'Paris.' }, 'openai');
    const first = await client.responses.create({ model: 'gpt-4o', input: 'Capital of France?' });
    upstream.enqueue({ text: 'Yes.' }, 'openai');
    await client.responses.create({
      model: 'gpt-4o',
      input: [{ role: 'user', content: 'Capital of France?' }, { type: 'item_reference', id: first.output[0]!.id! }, { role: 'user', content: 'Sure?' }],
    });
    expect((upstream.requests[1]?.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Paris.' }] },
      { role: 'user', content: 'Sure?' },
    ]);
    const other = await sdk(OTHER_KEY).responses.create({ model: 'gpt-4o', input: [{ type: 'item_reference', id: first.output[0]!.id! }] }).catch((error: unknown) => error);
    expect(other).toMatchObject({ status: 400, param: 'input[0].id' });
  });

  it('sends input_image parts to each upstream in its format (a URL as a URL, a data URL as base64)', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const input: OpenAI.Responses.ResponseInput = [{
      role: 'user',
      content: [
        { type: 'input_text', text: 'Compare.' },
        { type: 'input_image', image_url: 'https://images.test/cat.png', detail: 'auto' },
        { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' },
      ],
    }];
    upstream.enqueue({ text: 'Two images.' }, 'anthropic');
    await client.responses.create({ model: 'claude', input });
    expect((upstream.requests[0]?.body as { messages: unknown[] }).messages).toEqual([{
      role: 'user',
      content: [
        { type: 'text', text: 'Compare.' },
        { type: 'image', source: { type: 'url', url: 'https://images.test/cat.png' } },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
      ],
    }]);
    upstream.enqueue({ text: 'Two images.' }, 'openai');
    await client.responses.create({ model: 'gpt-4o', input });
    expect((upstream.requests[1]?.body as { messages: unknown[] }).messages).toEqual([{
      role: 'user',
      content: [
        { type: 'text', text: 'Compare.' },
        { type: 'image_url', image_url: { url: 'https://images.test/cat.png', detail: 'auto' } },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'auto' } },
      ],
    }]);
  });

  it('is documented in Swagger under the OpenAI tag: create (JSON or events), retrieve, delete', async () => {
    const doc = await (await gateway.request('/docs-json', { auth: false })).json() as { paths: Record<string, Record<string, { tags?: string[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const create = doc.paths['/openai/v1/responses']?.post;
    expect(create?.tags).toEqual(['OpenAI-compatible']);
    expect(JSON.stringify(create?.requestBody)).toContain('#/components/schemas/CreateResponse');
    expect(Object.keys(create?.responses['200']?.content ?? {}).sort()).toEqual(['application/json', 'text/event-stream']);
    expect(JSON.stringify(create?.responses['200'])).toContain('#/components/schemas/Response"');
    expect(JSON.stringify(doc.paths['/openai/v1/responses/{id}']?.delete?.responses['200'])).toContain('#/components/schemas/DeletedResponse"');
    expect(doc.paths['/openai/v1/responses/{id}']?.get?.tags).toEqual(['OpenAI-compatible']);
    expect(doc.paths['/openai/v1/responses/{id}']?.delete?.tags).toEqual(['OpenAI-compatible']);
  });

  it('applies the key\'s rate limit (429 in OpenAI\'s shape) and writes the request log line with model, usage and tools', async () => {
    const limited = sdk(LIMITED_KEY);
    upstream.enqueue({ text: 'one', usage: { input: 3, output: 1 } }, 'anthropic');
    upstream.enqueue({ text: 'two' }, 'anthropic');
    await limited.responses.create({ model: 'claude', input: 'Hi', tools: [{ type: 'function', name: 'noop', parameters: { type: 'object' }, strict: false }] });
    await limited.responses.create({ model: 'claude', input: 'Hi' });
    await expect(limited.responses.create({ model: 'claude', input: 'Hi' })).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(upstream.requests).toHaveLength(2);
    // The log line is written after the answer: wait for it rather than read the logs at once.
    await eventually(() => {
      const lines = gateway.logs.filter((line) => line.includes('"path":"/openai/v1/responses"')).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(expect.objectContaining({ status: 200, model: 'claude', provider: 'anthropic', served_by: 'claude', prompt_tokens: 3, completion_tokens: 1, tools: 1 }));
    });
  });
});
