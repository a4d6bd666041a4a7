// stream: true on the OpenAI-compatible surface over real HTTP, against the simulator's SSE: every chunk in
// OpenAI's shapes (validated against OpenAI's own OpenAPI document), the usage chunk, errors before and after the
// start, disconnects (docs/openai-compatible.md, "Streaming").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ValidateFunction } from 'ajv';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { openAISchema, openAISchemaEdited } from './support/openapi-schemas.js';
import { SPECS_DIR, specsFor } from './support/specs-dir.js';
import { jsonEvents, readSse, type SseItem } from './support/sse-client.js';

const CHAT = '/openai/v1/chat/completions';
const LEGACY = '/openai/v1/completions';
const PIECES = ['The ', 'ocean ', 'whispers.'];
const messages = [{ role: 'user', content: 'Write about the ocean.' }];

/** Every chunk against its schema; Ajv's errors shown when one does not validate. */
function expectChunks(name: 'chat' | 'text', chunks: unknown[]): void {
  if (SPECS_DIR === undefined) return;
  const validate: ValidateFunction = name === 'chat'
    ? openAISchema('CreateChatCompletionStreamResponse')
    // OpenAI's legacy stream sends finish_reason null until the end, which the document's shape omits.
    : openAISchemaEdited('CreateCompletionResponse', (schema) => {
      const choice = ((schema.properties as Record<string, { items: { properties: Record<string, unknown> } }>).choices!.items.properties);
      choice.finish_reason = { anyOf: [choice.finish_reason, { type: 'null' }] };
    });
  for (const chunk of chunks) expect({ chunk, errors: validate(chunk) ? null : validate.errors }).toEqual({ chunk, errors: null });
}

const data = (items: SseItem[]): string[] => items.filter((item) => item.kind === 'data').map((item) => item.text);
const content = (chunks: Record<string, unknown>[]): string =>
  chunks.map((chunk) => (chunk.choices as { delta?: { content?: string }; text?: string }[])[0]).map((choice) => choice?.delta?.content ?? choice?.text ?? '').join('');

describe('stream: true on /openai/v1', () => {
  specsFor("stream chunks validate against OpenAI's CreateChatCompletionStreamResponse / CreateCompletionResponse");
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_MAX_RETRIES: '0', STREAM_KEEPALIVE_MS: '200' });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  const post = (path: string, json: Record<string, unknown>, init: RequestInit = {}): Promise<Response> =>
    gateway.request(path, { ...init, json: { stream: true, ...json } });

  it.each([
    ['gpt-4o', 'openai', 'stop', 'stop'],
    ['claude', 'anthropic', 'max_tokens', 'length'],
  ] as const)('streams %s as chat.completion.chunks with include_usage: role, content, finish, usage, [DONE]', async (model, route, upstreamReason, finish) => {
    upstream.enqueue({ streamChunks: PIECES, finishReason: upstreamReason, usage: { input: 7, output: 3 } }, route);
    const response = await post(CHAT, { model, messages, stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
    expect(response.headers.get('x-ratelimit-remaining-requests')).not.toBeNull();
    const items = await readSse(response);
    const chunks = jsonEvents(items);
    expectChunks('chat', chunks);
    const head = { id: expect.stringMatching(/^chatcmpl-[0-9a-f]{32}$/), object: 'chat.completion.chunk', created: expect.any(Number), model };
    const choice = (delta: object, finishReason: string | null) => ({ index: 0, delta, logprobs: null, finish_reason: finishReason });
    expect(chunks).toEqual([
      { ...head, choices: [choice({ role: 'assistant', content: '' }, null)], usage: null },
      ...PIECES.map((text) => ({ ...head, choices: [choice({ content: text }, null)], usage: null })),
      { ...head, choices: [choice({}, finish)], usage: null },
      { ...head, choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } },
    ]);
    expect(new Set(chunks.map((chunk) => `${chunk.id}/${chunk.created}`)).size).toBe(1);
    expect(data(items).at(-1)).toBe('[DONE]');
    expect(upstream.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('sends no usage (neither the chunk nor usage: null) without include_usage', async () => {
    upstream.enqueue({ streamChunks: PIECES, usage: { input: 7, output: 3 } }, 'anthropic');
    const items = await readSse(await post(CHAT, { model: 'claude', messages }));
    const chunks = jsonEvents(items);
    expectChunks('chat', chunks);
    expect(content(chunks)).toBe(PIECES.join(''));
    expect(chunks.filter((chunk) => 'usage' in chunk)).toEqual([]);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
    expect(data(items).at(-1)).toBe('[DONE]');
  });

  it('streams legacy completions as text_completion chunks, with the usage chunk when asked', async () => {
    upstream.enqueue({ streamChunks: PIECES, usage: { input: 5, output: 3 } });
    const items = await readSse(await post(LEGACY, { model: 'gpt-4o', prompt: 'Say this is a test', stream_options: { include_usage: true } }));
    const chunks = jsonEvents(items);
    expectChunks('text', chunks);
    const head = { id: expect.stringMatching(/^cmpl-[0-9a-f]{32}$/), object: 'text_completion', created: expect.any(Number), model: 'gpt-4o' };
    expect(chunks).toEqual([
      ...PIECES.map((text) => ({ ...head, choices: [{ text, index: 0, logprobs: null, finish_reason: null }] })),
      { ...head, choices: [{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } },
    ]);
    expect(data(items).at(-1)).toBe('[DONE]');
  });

  it('answers a failure before the first chunk with OpenAI\'s error JSON and its status', async () => {
    upstream.enqueue({ status: 500 });
    const response = await post(CHAT, { model: 'gpt-4o', messages });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    if (SPECS_DIR !== undefined) expect(openAISchema('ErrorResponse')(body)).toBe(true);
    expect(body).toMatchObject({ error: { type: 'server_error', code: 'upstream_error' } });
  });

  it.each([
    ['n > 1', { n: 2 }, 'n'],
    ['a non-boolean include_usage', { stream_options: { include_usage: 'yes' } }, 'stream_options.include_usage'],
  ])('refuses %s with a stream before any upstream request', async (_what, extra, param) => {
    const response = await post(CHAT, { model: 'gpt-4o', messages, ...extra });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param } });
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    ['chat, Anthropic error event', CHAT, 'claude', 'anthropic'],
    ['legacy, OpenAI error chunk', LEGACY, 'gpt-4o', 'openai'],
  ] as const)('ends a stream failing after its start (%s) with one {"error"} event and no [DONE]', async (_what, path, model, route) => {
    upstream.enqueue({ streamChunks: PIECES, streamFault: { afterPieces: 1, kind: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, route);
    const response = await post(path, path === CHAT ? { model, messages } : { model, prompt: 'x' });
    expect(response.status).toBe(200);
    const items = await readSse(response);
    const events = data(items);
    expect(events).not.toContain('[DONE]');
    const last = JSON.parse(events.at(-1)!) as unknown;
    if (SPECS_DIR !== undefined) expect(openAISchema('ErrorResponse')(last)).toBe(true);
    expect(last).toEqual({
      error: { message: expect.stringMatching(/reported an error in its stream \(overloaded_error\): Overloaded$/), type: 'server_error', param: null, code: 'upstream_error' },
    });
    expect(content(jsonEvents(items).slice(0, -1))).toBe(PIECES[0]);
  });

  it('sends keep-alive comments while the upstream is silent', async () => {
    upstream.enqueue({ streamChunks: ['slow ', 'tokens'], chunkDelayMs: 700 });
    const items = await readSse(await post(CHAT, { model: 'gpt-4o', messages }));
    expect(content(jsonEvents(items))).toBe('slow tokens');
    expect(items.filter((item) => item.kind === 'comment' && item.text === 'keep-alive').length).toBeGreaterThanOrEqual(2);
  });

  it('aborts the upstream stream at once when the client disconnects, and counts a stream once', async () => {
    const before = Number((await gateway.request('/openai/v1/models')).headers.get('x-ratelimit-remaining'));
    upstream.enqueue({ streamChunks: PIECES, streamFault: { afterPieces: 1, kind: 'stall' } });
    const controller = new AbortController();
    const response = await post(CHAT, { model: 'gpt-4o', messages }, { signal: controller.signal });
    expect(Number(response.headers.get('x-ratelimit-remaining'))).toBe(before - 1);
    await readSse(response, (item) => item.kind === 'data' && item.text.includes('"content":"The "') && controller.abort());
    const left = Date.now();
    await upstream.waitForClientClose(0, 2000);
    expect(Date.now() - left).toBeLessThan(1000);
    const after = Number((await gateway.request('/openai/v1/models')).headers.get('x-ratelimit-remaining'));
    expect(after).toBe(before - 2);
  });

  it('is documented in Swagger: text/event-stream next to JSON on both routes, with example chunks in OpenAI\'s shapes', async () => {
    const document = (await (await gateway.request('/docs-json', { auth: false })).json()) as {
      paths: Record<string, { post: { responses: Record<string, { content?: Record<string, { example?: unknown }> }> } }>;
    };
    for (const [path, kind] of [[CHAT, 'chat'], [LEGACY, 'text']] as const) {
      const ok = document.paths[path]!.post.responses['200']!;
      expect(Object.keys(ok.content ?? {}).sort()).toEqual(['application/json', 'text/event-stream']);
      const example = String(ok.content!['text/event-stream']!.example);
      const events = example.trim().split('\n\n').map((frame) => frame.replace(/^data: /, ''));
      expect(events.at(-1)).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as Record<string, unknown>);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: expect.any(Object) });
      expectChunks(kind, chunks);
    }
  });
});
