import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { connectHttp, postMcp, type HttpConnection } from './mcp/mcp-clients.js';
import { nodeHttpFetch } from './mcp/node-http-fetch.js';
import { ERAS, type Era } from './mcp/mcp-schemas.js';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { specsFor } from './support/specs-dir.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

const SEED_TEXT = 'The ocean whispers secrets to the shore, a timeless dance of waves and lore.';
const SEED_ARGS = { model: 'gpt-4o', prompt: 'Write a poem about the ocean.', max_tokens: 50, temperature: 0.7, stop: ['\n'] };
const ERROR_META = 'litellm-mcp-server/error';

interface RestError {
  success: false;
  error: { code: number; message: string; type: string; param: string | null };
}

/** `levels` arrays around a string. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The REST answer to the same request, for comparing messages. */
async function restError(gateway: RunningGateway, body: unknown): Promise<RestError['error']> {
  const response = await gateway.request('/v1/complete', { json: body });
  const envelope = (await response.json()) as RestError;
  expect(envelope.success).toBe(false);
  return envelope.error;
}

describe.each(ERAS)('MCP over Streamable HTTP, protocol %s', (era: Era) => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let mcp: HttpConnection;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      // One upstream attempt per call, so REST and MCP answers to the same failure can be compared word for word.
      UPSTREAM_MAX_RETRIES: '0',
      MCP_PROGRESS_INTERVAL_MS: '100',
    });
    mcp = await connectHttp(gateway.url, era);
  });
  afterAll(async () => {
    await mcp?.close();
    await gateway?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());
  // Every message the server sent in the test, responses and notifications, validates against its era's schema.
  const schemas = specsFor(`every message the server sent validates against the ${era} schema`);
  afterEach(async () => {
    if (schemas) expect(await mcp.recorder.problems(era)).toEqual([]);
  });

  it(`speaks ${era} (${era === '2025-11-25' ? 'initialize handshake' : 'server/discover, no initialize'})`, () => {
    expect(mcp.client.getNegotiatedProtocolVersion()).toBe(era);
    if (era === '2025-11-25') {
      expect(mcp.recorder.sentMethods.slice(0, 2)).toEqual(['initialize', 'notifications/initialized']);
    } else {
      expect(mcp.recorder.sentMethods[0]).toBe('server/discover');
      expect(mcp.recorder.sentMethods).not.toContain('initialize');
    }
    expect(mcp.client.getServerVersion()).toMatchObject({ name: 'litellm-mcp-server' });
    expect(mcp.client.getInstructions()).toContain('list_models');
  });

  it('lists complete and list_models with titles, annotations and the REST schemas', async () => {
    const { tools } = await mcp.client.listTools(undefined, { cacheMode: 'bypass' });
    const byName = new Map<string, Tool>(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual(['complete', 'list_models']);

    const complete = byName.get('complete')!;
    expect(complete.title).toBe('Complete a prompt');
    expect(complete.description).toContain('list_models');
    expect(complete.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true });
    expect(complete.inputSchema).toMatchObject({
      type: 'object',
      required: ['model', 'prompt'],
      additionalProperties: false,
      properties: {
        model: { type: 'string', enum: ['gpt-4o', 'claude'] },
        prompt: { type: 'string', minLength: 1 },
        max_tokens: { type: 'integer', minimum: 1, maximum: 64000 },
        temperature: { type: 'number', minimum: 0, maximum: 2 },
        top_p: { type: 'number', minimum: 0, maximum: 1 },
        stop: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', maxItems: 4 }] },
      },
    });
    expect(complete.outputSchema).toMatchObject({ type: 'object', required: ['id', 'model', 'served_by', 'choices', 'usage'] });

    const listModels = byName.get('list_models')!;
    expect(listModels.title).toBe('List models');
    expect(listModels.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    expect(listModels.inputSchema).toMatchObject({ type: 'object', properties: {} });
    // The REST data.models is an array; a 2025-11-25 outputSchema must be an object, so the SDK wraps it there.
    const properties = listModels.outputSchema?.properties as Record<string, unknown> | undefined;
    const itemSchema = era === '2026-07-28' ? listModels.outputSchema : properties?.result;
    expect(itemSchema).toMatchObject({ type: 'array', items: { type: 'object' } });
  });

  it('list_models answers the REST data.models, as structured content and as JSON text', async () => {
    const rest = (await (await gateway.request('/v1/models')).json()) as { data: { models: unknown[] } };
    const result = await mcp.client.callTool({ name: 'list_models', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(textOf(result))).toEqual(rest.data.models);
    const structured = era === '2026-07-28' ? result.structuredContent : (result.structuredContent as { result?: unknown }).result;
    expect(structured).toEqual(rest.data.models);
    expect(upstream.requests).toHaveLength(0);
  });

  it('complete answers the generated text and the REST data, through the same upstream call, streamed', async () => {
    upstream.enqueue({ text: SEED_TEXT, finishReason: 'stop', usage: { input: 14, output: 18 } });
    const result = await mcp.client.callTool({ name: 'complete', arguments: SEED_ARGS });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: SEED_TEXT }]);
    expect(result.structuredContent).toEqual({
      id: expect.stringMatching(/^cmpl-[0-9a-f]{32}$/),
      model: 'gpt-4o',
      served_by: 'gpt-4o',
      choices: [{ text: SEED_TEXT, finish_reason: 'stop' }],
      usage: { prompt_tokens: 14, completion_tokens: 18, total_tokens: 32 },
    });
    expect(upstream.requests[0]?.body).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Write a poem about the ocean.' }],
      max_completion_tokens: 50,
      temperature: 0.7,
      stop: ['\n'],
      // The tool streams from the upstream (docs/streaming.md): the REST body plus the streaming fields.
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('complete works with Claude too (Anthropic route)', async () => {
    upstream.enqueue({ text: 'Bonjour.', finishReason: 'end_turn', usage: { input: 3, output: 2 } });
    const result = await mcp.client.callTool({ name: 'complete', arguments: { model: 'claude', prompt: 'Say hello in French.' } });
    expect(textOf(result)).toBe('Bonjour.');
    expect(upstream.requests[0]?.path).toBe('/v1/messages');
  });

  it.each<[string, Record<string, unknown>]>([
    ['a max_tokens that is a string', { model: 'gpt-4o', prompt: 'hi', max_tokens: '50' }],
    ['a model that is not configured', { model: 'gpt-5', prompt: 'hi' }],
    ['no prompt', { model: 'gpt-4o' }],
    ['an empty prompt', { model: 'gpt-4o', prompt: '' }],
    ['an unknown argument', { model: 'gpt-4o', prompt: 'hi', n: 2 }],
    ["max_tokens above the model's limit", { model: 'gpt-4o', prompt: 'hi', max_tokens: 20000 }],
    ['a temperature Claude does not accept', { model: 'claude', prompt: 'hi', temperature: 1.5 }],
    ['temperature and top_p together for Claude', { model: 'claude', prompt: 'hi', temperature: 0.5, top_p: 0.5 }],
    ['five stop sequences', { model: 'gpt-4o', prompt: 'hi', stop: ['a', 'b', 'c', 'd', 'e'] }],
    ['an argument named toString', { model: 'gpt-4o', prompt: 'hi', toString: 1 }],
    ['an argument named constructor', { model: 'gpt-4o', prompt: 'hi', constructor: 'x' }],
    ['an argument with a 100,000-character name', { model: 'gpt-4o', prompt: 'hi', ['n'.repeat(100_000)]: 1 }],
    ['an argument nested 33 levels deep (MAX_JSON_DEPTH 32)', { model: 'gpt-4o', prompt: 'hi', stop: nested(32) }],
  ])('refuses %s with isError and the message REST gives', async (_case, args) => {
    const rest = await restError(gateway, args);
    const result = await mcp.client.callTool({ name: 'complete', arguments: args });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(rest.message);
    expect(result._meta?.[ERROR_META]).toEqual({ status: rest.code, type: rest.type, param: rest.param });
    expect(upstream.requests).toHaveLength(0);
  });

  it.each<[string, object]>([
    ['rejects the request (400)', { status: 400, body: { error: { message: 'Unsupported value: stop', type: 'invalid_request_error', param: 'stop', code: null } } }],
    ['fails (500)', { status: 500, body: { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } } }],
    ['sends a body that is not JSON', { malformed: true }],
    ['is rate limiting the gateway (429)', { status: 429, headers: { 'retry-after': '7' }, body: { error: { message: 'Slow down', type: 'requests', param: null, code: null } } }],
  ])('reports an upstream that %s as isError with the REST message', async (_case, reply) => {
    upstream.enqueue(reply).enqueue(reply);
    const rest = await restError(gateway, { model: 'gpt-4o', prompt: 'hi' });
    const result = await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(rest.message);
    expect(result._meta?.[ERROR_META]).toMatchObject({ status: rest.code, type: rest.type });
    expect(upstream.requests).toHaveLength(2);
  });

  it('refuses a __proto__ argument with a JSON-RPC 400 naming it (the SDK\'s own parse would make it a prototype)', async () => {
    const call = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"complete","arguments":{"model":"gpt-4o","prompt":"hi","__proto__":{"admin":true}}}}`;
    const response = await postMcp(gateway.url, call, { 'mcp-protocol-version': era });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32600, message: "Invalid Request: the key '__proto__' is not accepted (at 'params.arguments.__proto__')." },
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers arguments nested 100,000 levels deep with a JSON-RPC 400 naming the limit, not a crash', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const call = `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"complete","arguments":{"model":"gpt-4o","prompt":"hi","stop":${deep}}}}`;
    const response = await postMcp(gateway.url, call, { 'mcp-protocol-version': era });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 8,
      error: { code: -32600, message: expect.stringContaining('JSON nested too deeply') as unknown as string },
    });
    expect(upstream.requests).toHaveLength(0);
    expect(gateway.logs.filter((line) => line.includes('Maximum call stack'))).toEqual([]);
  });

  it('answers an unknown tool with a JSON-RPC error, not a tool result', async () => {
    await expect(mcp.client.callTool({ name: 'delete_everything', arguments: {} })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('delete_everything'),
    });
  });

  it('sends progress notifications while a completion runs, when the client asks for them', async () => {
    upstream.enqueue({ text: 'slow answer', delayMs: 800 });
    const progress: { progress: number; message?: string }[] = [];
    const result = await mcp.client.callTool(
      { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'take your time' } },
      { onprogress: (update) => progress.push(update) },
    );
    expect(textOf(result)).toBe('slow answer');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((update) => update.progress)).toEqual(progress.map((_update, index) => index + 1));
    expect(progress[0]?.message).toMatch(/^Waiting for gpt-4o/);
    await mcp.recorder.settled();
    const notifications = mcp.recorder.received.filter(({ message }) => (message as { method?: string }).method === 'notifications/progress');
    expect(notifications.length).toBe(progress.length);
  });

  it('sends no progress notification when the client gave no progressToken', async () => {
    upstream.enqueue({ text: 'quiet', delayMs: 300 });
    const before = mcp.recorder.received.length;
    await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } });
    await mcp.recorder.settled();
    const notifications = mcp.recorder.received.slice(before).filter(({ message }) => 'method' in (message as object));
    expect(notifications).toEqual([]);
  });

  it('aborts the upstream request when the client cancels the call', async () => {
    // 2025-11-25: the client POSTs notifications/cancelled; 2026-07-28: it closes the request's stream.
    const sockets = nodeHttpFetch();
    const canceller = await connectHttp(gateway.url, era, { fetch: sockets.fetch });
    try {
      upstream.enqueue({ hang: true });
      const controller = new AbortController();
      const call = canceller.client.callTool(
        { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'never mind' } },
        { signal: controller.signal },
      );
      await upstream.waitForRequests(1);
      controller.abort('the user changed their mind');
      await expect(call).rejects.toThrow();
      await upstream.waitForClientClose(0);
      expect(upstream.requests[0]?.clientClosed).toBe(true);
      expect(canceller.recorder.sentMethods.includes('notifications/cancelled')).toBe(era === '2025-11-25');
      if (schemas) expect(await canceller.recorder.problems(era)).toEqual([]);
    } finally {
      await canceller.close();
      sockets.destroy();
    }
    // The gateway goes on serving.
    upstream.enqueue({ text: 'still here' });
    expect(textOf(await mcp.client.callTool({ name: 'complete', arguments: { model: 'gpt-4o', prompt: 'hi' } }))).toBe('still here');
  });
});
