import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { openAISchema } from './support/openapi-schemas.js';
import { SPECS_DIR, specsFor } from './support/specs-dir.js';

// The OpenAI-compatible surface over the wire: OpenAI's shapes (validated against OpenAI's own OpenAPI document),
// what reached each upstream, and OpenAI's error shape for everything under /openai/.
const CHAT = '/openai/v1/chat/completions';

/** Asserts a body validates against a schema of OpenAI's document, showing Ajv's errors when it does not. */
function expectSchema(name: string, body: unknown): void {
  // Without SPECS_DIR the schema checks are reported skipped (specsFor below); the behaviour checks still run.
  if (SPECS_DIR === undefined) return;
  const validate = openAISchema(name);
  const valid = validate(body);
  expect({ valid, errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
}

describe('OpenAI-compatible surface (/openai/v1)', () => {
  specsFor("responses and errors validate against OpenAI's OpenAPI document");
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.clear());

  it('answers a chat completion for an OpenAI model in CreateChatCompletionResponse, passing messages as they are', async () => {
    upstream.enqueue({ text: 'Blue.', finishReason: 'stop', usage: { input: 9, output: 2 } });
    const messages = [
      { role: 'developer', content: 'Answer in one word.' },
      { role: 'user', content: [{ type: 'text', text: 'Colour of ' }, { type: 'text', text: 'the sea?' }] },
    ];
    const response = await gateway.request(CHAT, { json: { model: 'gpt-4o', messages, max_completion_tokens: 5, stop: 'x', user: 'u-1', n: 1 } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expectSchema('CreateChatCompletionResponse', body);
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9a-f]{32}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Blue.', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
    });
    expect(upstream.requests[0]?.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        // Parts stay parts: never glued together.
        { role: 'user', content: [{ type: 'text', text: 'Colour of ' }, { type: 'text', text: 'the sea?' }] },
      ],
      max_completion_tokens: 5,
      stop: ['x'],
      user: 'u-1',
    });
  });

  it('sends Anthropic the system prompt top-level and maps its stop reason', async () => {
    upstream.enqueue({ text: 'Hi', finishReason: 'max_tokens', usage: { input: 5, output: 1 } });
    const messages = [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ];
    const response = await gateway.request(CHAT, { json: { model: 'claude', messages, max_tokens: 1, user: 'u-2', stream: false, logprobs: false } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { finish_reason: string }[] };
    expectSchema('CreateChatCompletionResponse', body);
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(upstream.requests[0]?.path).toBe('/v1/messages');
    expect(upstream.requests[0]?.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 1,
      system: 'Be terse.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }],
      metadata: { user_id: 'u-2' },
    });
  });

  it('answers n > 1 for OpenAI with every choice, and refuses it for Anthropic before any upstream request', async () => {
    const choice = (index: number, content: string) => ({ index, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null });
    upstream.enqueue({ body: { id: 'chatcmpl-x', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [choice(0, 'a'), choice(1, 'b')] } });
    const two = await gateway.request(CHAT, { json: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], n: 2 } });
    const body = (await two.json()) as { choices: { message: { content: string } }[] };
    expectSchema('CreateChatCompletionResponse', body);
    expect(body.choices.map((c) => c.message.content)).toEqual(['a', 'b']);
    expect(upstream.requests[0]?.body).toMatchObject({ n: 2 });
    const refused = await gateway.request(CHAT, { json: { model: 'claude', messages: [{ role: 'user', content: 'x' }], n: 2 } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'n' } });
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers legacy completions in CreateCompletionResponse', async () => {
    upstream.enqueue({ text: 'This is a test.', finishReason: 'stop', usage: { input: 5, output: 5 } });
    const response = await gateway.request('/openai/v1/completions', { json: { model: 'gpt-4o', prompt: ['Say this is a test'], max_tokens: 7, echo: false } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expectSchema('CreateCompletionResponse', body);
    expect(body).toMatchObject({ object: 'text_completion', model: 'gpt-4o', choices: [{ text: 'This is a test.', index: 0, logprobs: null, finish_reason: 'stop' }] });
    expect(upstream.requests[0]?.body).toMatchObject({ messages: [{ role: 'user', content: 'Say this is a test' }], max_completion_tokens: 7 });
  });

  it('lists every model, Anthropic ones included, and retrieves one', async () => {
    const list = (await (await gateway.request('/openai/v1/models')).json()) as { data: { id: string }[] };
    expectSchema('ListModelsResponse', list);
    expect(list).toEqual({
      object: 'list',
      data: [
        { id: 'gpt-4o', object: 'model', created: expect.any(Number), owned_by: 'openai', supports_tools: true, supports_vision: true, supports_json_schema: true },
        { id: 'claude', object: 'model', created: expect.any(Number), owned_by: 'anthropic', supports_tools: true, supports_vision: true, supports_json_schema: true },
      ],
    });
    const one = await gateway.request('/openai/v1/models/claude');
    const model = await one.json();
    expectSchema('Model', model);
    expect(model).toEqual(list.data[1]);
  });

  it.each([
    ['an unknown field', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], foo: 1 }, 'foo', /^Unrecognized request argument supplied: foo$/],
    ['an audio part', { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }, 'messages[0].content[1].type', /audio and file inputs are not supported/],
    ['an http image URL', { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'http://x' } }] }] }, 'messages[0].content[1]', /https: URL or a base64 data: URL/],
    ['a tool message without tool_call_id', { model: 'gpt-4o', messages: [{ role: 'tool', content: 'r' }] }, 'messages[0].tool_call_id', /required for a tool message/],
    ['a function message', { model: 'gpt-4o', messages: [{ role: 'function', content: 'r', name: 'f' }] }, 'messages[0].role', /legacy function messages are not supported/],
    ['functions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], functions: [{ name: 'f' }] }, 'functions', /legacy functions API is replaced by 'tools'/],
    ['a non-zero penalty', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], presence_penalty: 0.5 }, 'presence_penalty', /other than 0/],
    ['a non-boolean stream', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'stream', /must be a boolean/],
    ['a string max_tokens', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], max_tokens: '5' }, 'max_tokens', /must be an integer/],
    ['no messages', { model: 'gpt-4o', messages: [] }, 'messages', /at least one message/],
    ['an assistant-first conversation for Anthropic', { model: 'claude', messages: [{ role: 'assistant', content: 'x' }] }, 'messages[0]', /start with a user message/],
  ])('refuses %s with a 400 in ErrorResponse naming the field', async (_what, json, param, message) => {
    const response = await gateway.request(CHAT, { json });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; param: string } };
    expectSchema('ErrorResponse', body);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param, code: null });
    expect(body.error.message).toMatch(message);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses token-array prompts on legacy completions', async () => {
    const response = await gateway.request('/openai/v1/completions', { json: { model: 'gpt-4o', prompt: [1, 2, 3] } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'prompt' } });
  });

  it('answers 404 model_not_found for an unknown model, on chat and on retrieve', async () => {
    const chat = await gateway.request(CHAT, { json: { model: 'nope', messages: [{ role: 'user', content: 'x' }] } });
    const retrieve = await gateway.request('/openai/v1/models/nope');
    for (const response of [chat, retrieve]) {
      expect(response.status).toBe(404);
      const body = await response.json();
      expectSchema('ErrorResponse', body);
      expect(body).toMatchObject({ error: { type: 'invalid_request_error', code: 'model_not_found' } });
    }
  });

  it('answers auth, routing, media-type and JSON failures in OpenAI\'s shape too, never the envelope', async () => {
    const cases: [Promise<Response>, number, string | null][] = [
      [gateway.request('/openai/v1/models', { auth: false }), 401, 'invalid_api_key'],
      [gateway.request('/openai/v1/models', { headers: { authorization: 'Bearer wrong-key-123456' } }), 401, 'invalid_api_key'],
      [gateway.request('/openai/v1/nothing'), 404, 'not_found_error'],
      [gateway.request(CHAT, { method: 'POST', body: 'hi', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type'],
      [gateway.request(CHAT, { method: 'POST', body: '{bad', headers: { 'content-type': 'application/json' } }), 400, null],
      [gateway.request(CHAT, { method: 'POST', body: `"${'x'.repeat(5 * 1024 * 1024)}"`, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large'],
      [gateway.request('/openai/v1/models', { method: 'DELETE' }), 405, 'method_not_allowed'],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      const body = (await response.json()) as Record<string, unknown>;
      expect({ status: response.status, code: (body.error as { code?: unknown } | undefined)?.code }).toEqual({ status, code });
      expectSchema('ErrorResponse', body);
      expect(body).not.toHaveProperty('success');
    }
  });

  it('answers upstream failures as 5xx server_error, after the same checks as REST', async () => {
    upstream.enqueue({ status: 500 });
    const response = await gateway.request(CHAT, { json: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] } });
    expect(response.status).toBe(502);
    const body = await response.json();
    expectSchema('ErrorResponse', body);
    expect(body).toMatchObject({ error: { type: 'server_error', code: 'upstream_error' } });
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
  });

  it('carries OpenAI\'s rate-limit header names next to the gateway\'s', async () => {
    const response = await gateway.request('/openai/v1/models');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe(response.headers.get('x-ratelimit-limit'));
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(response.headers.get('x-ratelimit-remaining'));
    expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+h)?(\d+m)?\d+s$/);
  });

  it('is documented in Swagger under its own tag, with OpenAI-shaped errors', async () => {
    const document = (await (await gateway.request('/docs-json', { auth: false })).json()) as {
      paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const referenced = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(referenced.filter((name) => document.components.schemas[name] === undefined)).toEqual([]);
    expect(referenced).toContain('ChatCompletionRequestMessageContentPart');
    const operations = [
      ['/openai/v1/chat/completions', 'post'],
      ['/openai/v1/completions', 'post'],
      ['/openai/v1/models', 'get'],
      ['/openai/v1/models/{id}', 'get'],
    ] as const;
    for (const [path, method] of operations) {
      const operation = document.paths[path]?.[method];
      expect(operation?.tags).toEqual(['OpenAI-compatible']);
      expect(operation?.responses['401']?.content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/OpenAIErrorResponse');
    }
  });

  it('leaves the REST surface in the envelope', async () => {
    const response = await gateway.request('/v1/nothing');
    expect(await response.json()).toMatchObject({ success: false, error: { code: 404 } });
  });
});
