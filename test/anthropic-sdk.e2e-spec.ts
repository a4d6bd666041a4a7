import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Anthropic, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from '@anthropic-ai/sdk';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

// The official Anthropic SDK, public API only, pointed at <gateway>/anthropic: what Claude Code and its kin see.
const LIMITED_KEY = 'limited-anthropic-key-0123456789';
const fingerprint = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

describe('the official @anthropic-ai/sdk against /anthropic', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let client: Anthropic;

  const sdk = (apiKey: string): Anthropic => new Anthropic({ baseURL: `${gateway.url}/anthropic`, apiKey, maxRetries: 0 });

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      GATEWAY_API_KEYS: `${CLIENT_KEY},${LIMITED_KEY}`,
      RATE_LIMIT_OVERRIDES: `${fingerprint(LIMITED_KEY)}=1/1`,
      UPSTREAM_MAX_RETRIES: '0',
      GATEWAY_CONFIG: join(import.meta.dirname, 'fixtures/claude-fallback.yaml'),
    });
    client = sdk(CLIENT_KEY);
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  it('lists the models in Anthropic\'s shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o', 'claude']));
  });

  it('claude: the request reaches Anthropic as sent (only the model mapped), the answer comes back as Anthropic sent it', async () => {
    upstream.enqueue({ text: 'Hello!', finishReason: 'end_turn', usage: { input: 4, output: 2 } }, 'anthropic');
    const message = await client.messages.create({
      model: 'claude',
      max_tokens: 50,
      system: 'Be friendly.',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'u-1' },
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 4, output_tokens: 2 },
    });
    const received = upstream.requests[0]!;
    expect(received.path).toBe('/v1/messages');
    expect(received.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    // The SDK's own version header is forwarded (the gateway's default only when a client sends none).
    expect(received.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(received.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 50,
      system: 'Be friendly.',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'u-1' },
    });
  });

  it('gpt-4o: translated both ways (system, text blocks, stop sequences) into an Anthropic message', async () => {
    upstream.enqueue({ text: 'Bonjour', finishReason: 'length', usage: { input: 6, output: 1 } }, 'openai');
    const message = await client.messages.create({
      model: 'gpt-4o',
      max_tokens: 5,
      system: [{ type: 'text', text: 'Answer in French.' }],
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: [{ type: 'text', text: 'Again' }, { type: 'text', text: 'please' }] },
      ],
      stop_sequences: ['END'],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [{ type: 'text', text: 'Bonjour' }],
      stop_reason: 'max_tokens',
      stop_sequence: null,
      usage: { input_tokens: 6, output_tokens: 1 },
    });
    expect(message.id).toMatch(/^msg_/);
    const received = upstream.requests[0]!;
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.body).toMatchObject({ model: 'gpt-4o', max_completion_tokens: 5, stop: ['END'] });
    expect((received.body as { messages: unknown[] }).messages[0]).toMatchObject({ role: 'system' });
  });

  it.each([
    ['claude', 'anthropic'],
    ['gpt-4o', 'openai'],
  ] as const)('%s: streams Anthropic\'s events, assembled by the SDK into the final message', async (model, route) => {
    upstream.enqueue({ streamChunks: ['Hello', ', ', 'world!'], finishReason: route === 'openai' ? 'stop' : 'end_turn', usage: { input: 5, output: 3 } }, route);
    const stream = client.messages.stream({ model, max_tokens: 20, messages: [{ role: 'user', content: 'Greet the world.' }] });
    const pieces: string[] = [];
    stream.on('text', (text) => pieces.push(text));
    const message = await stream.finalMessage();
    expect(pieces.join('')).toBe('Hello, world!');
    expect(message).toMatchObject({ content: [{ type: 'text', text: 'Hello, world!' }], stop_reason: 'end_turn', usage: { input_tokens: 5, output_tokens: 3 } });
  });

  it('claude: count_tokens is Anthropic\'s own count, the request forwarded as sent', async () => {
    const params = { model: 'claude', system: 'abcd', messages: [{ role: 'user' as const, content: 'abcdefgh' }] };
    await expect(client.messages.countTokens(params)).resolves.toEqual({ input_tokens: 3 });
    expect(upstream.requests[0]).toMatchObject({ path: '/v1/messages/count_tokens', body: { ...params, model: 'claude-sonnet-4-6' } });
  });

  it('gpt-4o: count_tokens is an estimate, no upstream called; a field the translation cannot carry is a 400', async () => {
    const counted = await client.messages.countTokens({ model: 'gpt-4o', system: 'abcd', messages: [{ role: 'user', content: 'abcdefgh' }] });
    expect(counted).toEqual({ input_tokens: 3 });
    expect(upstream.requests).toHaveLength(0);
    const error = await client.messages.countTokens({ model: 'gpt-4o', thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('is documented in Swagger under the Anthropic tag, with Anthropic-shaped errors and resolvable schemas', async () => {
    const document = (await (await gateway.request('/docs-json', { auth: false })).json()) as {
      paths: Record<string, Record<string, { tags: string[]; security?: unknown[]; responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    const referenced = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(referenced.filter((name) => document.components.schemas[name] === undefined)).toEqual([]);
    for (const [path, method] of [['/anthropic/v1/messages', 'post'], ['/anthropic/v1/messages/count_tokens', 'post'], ['/anthropic/v1/models', 'get'], ['/anthropic/v1/models/{id}', 'get']] as const) {
      const operation = document.paths[path]![method]!;
      expect(operation.tags).toEqual(['Anthropic']);
      expect(operation.security).toEqual(expect.arrayContaining([{ 'x-api-key': [] }]));
      expect(operation.responses['401']!.content!['application/json']!.example).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    expect(document.components.securitySchemes['x-api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  it('claude failing falls back to gpt-4o: the same request translated, the answer an Anthropic message', async () => {
    upstream.enqueue({ status: 529 }, 'anthropic');
    upstream.enqueue({ text: 'From the fallback.' }, 'openai');
    const { data, response } = await client.messages.create({ model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(data).toMatchObject({ type: 'message', model: 'claude', content: [{ type: 'text', text: 'From the fallback.' }], stop_reason: 'end_turn' });
    expect(response.headers.get('x-gateway-attempts')).toBe('2');
    expect(upstream.requests.map((request) => request.route)).toEqual(['anthropic', 'openai']);
  });

  it('claude streaming: an error event before any content still falls back (the opening events are held), to a translated stream', async () => {
    upstream.enqueue({ streamChunks: [], streamError: { type: 'overloaded_error', message: 'Overloaded' } }, 'anthropic');
    upstream.enqueue({ streamChunks: ['Fallback', ' text.'] }, 'openai');
    const stream = client.messages.stream({ model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] });
    const message = await stream.finalMessage();
    expect(message).toMatchObject({ model: 'claude', content: [{ type: 'text', text: 'Fallback text.' }], stop_reason: 'end_turn' });
    expect(upstream.requests.map((request) => request.route)).toEqual(['anthropic', 'openai']);
  });

  it('a claude request the translation cannot carry skips the gpt-4o fallback: the failure is reported', async () => {
    upstream.enqueue({ status: 529 }, 'anthropic');
    const error = await client.messages.create({ model: 'claude', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, error: { type: 'error', error: { type: 'api_error' } } });
    expect(upstream.requests.map((request) => request.route)).toEqual(['anthropic']);
  });

  it('raises AuthenticationError for a bad key, in Anthropic\'s error shape with a request-id', async () => {
    const error = await sdk('not-a-valid-key-000').messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error' } } });
    expect((error as APIError).requestID).toEqual(expect.any(String));
  });

  it('accepts the key as Authorization: Bearer (ANTHROPIC_AUTH_TOKEN)', async () => {
    upstream.enqueue({ text: 'ok' }, 'anthropic');
    const bearer = new Anthropic({ baseURL: `${gateway.url}/anthropic`, authToken: CLIENT_KEY, apiKey: null, maxRetries: 0 });
    await expect(bearer.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).resolves.toMatchObject({ content: [{ text: 'ok' }] });
  });

  it('raises NotFoundError for an unknown model', async () => {
    const error = await client.messages.create({ model: 'claude-9', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ error: { error: { type: 'not_found_error' } } });
  });

  it('raises BadRequestError naming a field the translation cannot carry, before any upstream call', async () => {
    const error = await client.messages.create({ model: 'gpt-4o', max_tokens: 5, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ error: { error: { type: 'invalid_request_error', message: expect.stringMatching(/^thinking: cannot be translated for model 'gpt-4o'/) } } });
    expect(upstream.requests).toHaveLength(0);
  });

  it.each(['claude', 'gpt-4o'])('%s: a failure after the stream started is an error event the SDK throws, never a silent end', async (model) => {
    upstream.enqueue({ streamChunks: ['Hello', ' world'], streamFault: { afterPieces: 1, kind: 'cut' } });
    const stream = client.messages.stream({ model, max_tokens: 20, messages: [{ role: 'user', content: 'x' }] });
    const pieces: string[] = [];
    stream.on('text', (text) => pieces.push(text));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(pieces.join('')).toBe('Hello');
    expect(error).toBeInstanceOf(APIError);
    expect(String((error as Error).message)).toMatch(/api_error/);
  });

  it('raises RateLimitError past the key\'s limit, with retry-after', async () => {
    const limited = sdk(LIMITED_KEY);
    await limited.models.list();
    const error = await limited.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, error: { error: { type: 'rate_limit_error' } } });
    expect(Number((error as RateLimitError).headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
