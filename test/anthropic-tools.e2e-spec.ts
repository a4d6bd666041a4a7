import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import Anthropic from '@anthropic-ai/sdk';
import type { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { AGENT_MODELS, received, startAgentsFixture, waitForLogLine, type AgentsFixture } from './support/agents-fixture.js';
import { ANTHROPIC_KEY, CLIENT_KEY } from './support/gateway-harness.js';
import type { RunningGateway } from './support/gateway-harness.js';

// Tool use and images through /anthropic with the official SDK: translated for gpt-4o and an openai-compatible model
// (`local`), as sent for claude.
const SSE = { 'content-type': 'text/event-stream' };
const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const openAIChunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const anthropicEvent = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

describe('tool use and images through /anthropic', () => {
  let fixture: AgentsFixture;
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let client: Anthropic;

  beforeAll(async () => {
    fixture = await startAgentsFixture();
    ({ upstream, gateway } = fixture);
    client = new Anthropic({ baseURL: `${gateway.url}/anthropic`, apiKey: CLIENT_KEY, maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => upstream.clear());

  it.each(AGENT_MODELS)('%s: a tool_use round trip, then the same streamed, the result reaching the upstream in its own format', async (model) => {
    upstream.enqueue({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.messages.create({ model, max_tokens: 100, tools: [WEATHER], messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });

    upstream.enqueue({ text: 'It is 18°C.' });
    const history: Anthropic.MessageParam[] = [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: '18°C' }] }];
    const second = await client.messages.create({ model, max_tokens: 100, tools: [WEATHER], messages: history });
    expect(second.content).toEqual([{ type: 'text', text: 'It is 18°C.' }]);
    // The simulator refuses a tool result without its call, so an answer means the pair arrived intact.
    expect(JSON.stringify(received(upstream, model, 1))).toContain('18°C');

    upstream.enqueue({ toolCalls: [{ id: 'call_2', name: 'get_weather', arguments: { city: 'Rome' } }, { id: 'call_3', name: 'get_weather', arguments: {} }] });
    const streamed = await client.messages.stream({ model, max_tokens: 100, tools: [WEATHER], messages: [question] }).finalMessage();
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content.filter((block) => block.type === 'tool_use').map((block) => (block as Anthropic.ToolUseBlock).input)).toEqual([{ city: 'Rome' }, {}]);
  });

  it('gpt-4o: a tool_use round trip (the call as a tool_use block, its result sent back as a tool message)', async () => {
    upstream.enqueue({
      body: {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o',
        choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ] } }],
        usage: { prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 },
      },
    }, 'openai');
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.messages.create({ model: 'gpt-4o', max_tokens: 100, tools: [WEATHER], tool_choice: { type: 'auto' }, messages: [question] });
    expect(first).toMatchObject({ stop_reason: 'tool_use', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }], usage: { input_tokens: 20, output_tokens: 8 } });
    expect(upstream.requests[0]!.body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: WEATHER.input_schema } }],
      tool_choice: 'auto',
    });

    upstream.enqueue({ text: 'It is 18°C in Paris.' }, 'openai');
    const second = await client.messages.create({
      model: 'gpt-4o',
      max_tokens: 100,
      tools: [WEATHER],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '18°C' }] }],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It is 18°C in Paris.' }]);
    const sent = (upstream.requests[1]!.body as { messages: unknown[] }).messages;
    expect(sent.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
    ]);
  });

  it('gpt-4o: two streamed tool calls become two tool_use blocks, every argument fragment kept', async () => {
    const frames = [
      openAIChunk({ role: 'assistant', content: null }),
      openAIChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      openAIChunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] }),
      openAIChunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ];
    upstream.enqueue({ rawBody: frames.join(''), headers: SSE }, 'openai');
    const stream = client.messages.stream({ model: 'gpt-4o', max_tokens: 100, tools: [WEATHER], messages: [{ role: 'user', content: 'Paris and Rome?' }] });
    const fragments: string[] = [];
    stream.on('inputJson', (fragment) => fragments.push(fragment));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(fragments.join('')).toBe('{"city":"Paris"}{"city":"Rome"}');
  });

  it('claude: a streamed tool_use is relayed as Anthropic sent it, and the SDK assembles the input', async () => {
    const frames = [
      anthropicEvent('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 30, output_tokens: 1 } } }),
      anthropicEvent('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }),
      anthropicEvent('ping', {}),
      anthropicEvent('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } }),
      anthropicEvent('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: 'ris"}' } }),
      anthropicEvent('content_block_stop', { index: 0 }),
      anthropicEvent('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } }),
      anthropicEvent('message_stop', {}),
    ];
    upstream.enqueue({ rawBody: frames.join(''), headers: SSE }, 'anthropic');
    const message = await client.messages.stream({ model: 'claude', max_tokens: 100, tools: [WEATHER], messages: [{ role: 'user', content: 'Paris?' }] }).finalMessage();
    expect(message).toMatchObject({ id: 'msg_1', stop_reason: 'tool_use', content: [{ type: 'tool_use', id: 'toolu_1', input: { city: 'Paris' } }], usage: { input_tokens: 30, output_tokens: 12 } });
  });

  it('claude: a tool_result turn reaches Anthropic as sent', async () => {
    upstream.enqueue({ text: 'Sunny.' }, 'anthropic');
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }], is_error: false }] },
    ];
    await client.messages.create({ model: 'claude', max_tokens: 100, tools: [WEATHER], messages });
    expect(upstream.requests[0]!.body).toEqual({ model: 'claude-sonnet-4-6', max_tokens: 100, tools: [WEATHER], messages });
  });

  it("a model without a capability the request needs: 400 naming both, in each surface's shape, no upstream call", async () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' as const, properties: {} } }];
    const anthropic = await client.messages.create({ model: 'text-only', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tools }).catch((caught: unknown) => caught);
    expect(anthropic).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining("Model 'text-only' does not support tools") } } });
    const image = { role: 'user', content: [{ type: 'input_image', image_url: `data:image/png;base64,${PNG}` }] };
    const responses = await gateway.request('/openai/v1/responses', { json: { model: 'text-only', input: [image] } });
    expect(responses.status).toBe(400);
    expect(await responses.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining("Model 'text-only' does not support image inputs") } });
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    ['gpt-4o', 'openai'],
    ['local', 'openai'],
    ['claude', 'anthropic'],
  ] as const)('%s: images by base64 and by URL', async (model, route) => {
    upstream.enqueue({ text: 'A pixel and a cat.' }, route);
    const content: Anthropic.ContentBlockParam[] = [
      { type: 'text', text: 'What are these?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ];
    const message = await client.messages.create({ model, max_tokens: 100, messages: [{ role: 'user', content }] });
    expect(message.content).toEqual([{ type: 'text', text: 'A pixel and a cat.' }]);
    const sent = (upstream.requests[0]!.body as { messages: { content: unknown }[] }).messages.at(-1)!.content;
    if (route === 'anthropic') expect(sent).toEqual(content);
    else {
      expect(sent).toEqual([
        { type: 'text', text: 'What are these?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
      ]);
    }
  });

  it('a Claude Code–style request (system blocks with cache_control, tools, thinking, a beta header, stream) reaches Anthropic with its semantics intact', async () => {
    const body = {
      model: 'claude',
      max_tokens: 32000,
      stream: true,
      system: [
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Project instructions…', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'List the files.', cache_control: { type: 'ephemeral' } }] }],
      tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } }, cache_control: { type: 'ephemeral' } }],
      thinking: { type: 'enabled', budget_tokens: 4000 },
      metadata: { user_id: 'user_abc_session_1' },
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
    };
    upstream.enqueue({ streamChunks: ['Listing', ' now.'], usage: { input: 1200, output: 7 } }, 'anthropic');
    // Claude Code calls the beta flavour of the route (`?beta=true`).
    const response = await gateway.request('/anthropic/v1/messages?beta=true', {
      auth: false,
      json: body,
      headers: { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,prompt-caching-2024-07-31' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toContain('event: message_stop');
    const received = upstream.requests[0]!;
    expect(received.body).toEqual({ ...body, model: 'claude-sonnet-4-6' });
    expect(received.headers['anthropic-beta']).toBe('claude-code-20250219,interleaved-thinking-2025-05-14,prompt-caching-2024-07-31');
    expect(received.headers['anthropic-version']).toBe('2023-06-01');
    expect(received.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    // The request log line, as on every route: the model, the usage read from the relayed events, the first token.
    const line = await waitForLogLine(gateway, (entry) => entry.path === '/anthropic/v1/messages' && entry.prompt_tokens === 1200);
    expect(line).toMatchObject({ status: 200, model: 'claude', provider: 'anthropic', served_by: 'claude', attempts: 1, completion_tokens: 7, ttft_ms: expect.any(Number) });
  });
});
