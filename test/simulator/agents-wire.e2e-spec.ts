// The simulator's tool, image and structured-output formats, and the 400s it gives where the real APIs do.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './upstream-simulator.js';

let sim: UpstreamSimulator;
beforeAll(async () => {
  sim = await UpstreamSimulator.start();
});
afterAll(() => sim.stop());
beforeEach(() => sim.clear());

async function post(path: string, body: unknown): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
const events = (sse: string): Record<string, unknown>[] =>
  sse.split('\n\n').flatMap((frame) => frame.split('\n').filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]').map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>));
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], ...extra });
const messages = (extra: Record<string, unknown> = {}) => ({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'Weather?' }], ...extra });
const OPENAI_TOOL = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
const ANTHROPIC_TOOL = { name: 'get_weather', input_schema: { type: 'object' } };

describe('scripted tool calls', () => {
  it('OpenAI JSON: tool_calls with content null and finish_reason tool_calls', async () => {
    sim.enqueue({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const body = (await post('/v1/chat/completions', chat({ tools: [OPENAI_TOOL] }))).json();
    expect(body.choices).toEqual([
      expect.objectContaining({
        finish_reason: 'tool_calls',
        message: expect.objectContaining({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }),
      }),
    ]);
  });

  it('OpenAI stream: a first fragment with id and name per call, then argument pieces, indices per call', async () => {
    sim.enqueue({ toolCalls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b' }] });
    const chunks = events((await post('/v1/chat/completions', chat({ stream: true, tools: [OPENAI_TOOL] }))).text);
    const calls = chunks.flatMap((chunk) => ((chunk.choices as { delta: { tool_calls?: Record<string, unknown>[] } }[])[0]?.delta.tool_calls ?? []));
    expect(calls.filter((call) => call.id !== undefined).map((call) => [call.index, (call.function as { name: string }).name])).toEqual([[0, 'a'], [1, 'b']]);
    const args = (index: number) => calls.filter((call) => call.index === index).map((call) => (call.function as { arguments: string }).arguments).join('');
    expect([args(0), args(1)]).toEqual(['{"x":1}', '{}']);
  });

  it('Anthropic JSON and stream: tool_use blocks, stop_reason tool_use, input_json_delta pieces', async () => {
    sim.enqueue({ text: 'Checking.', toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Rome' } }] });
    expect((await post('/v1/messages', messages({ tools: [ANTHROPIC_TOOL] }))).json()).toMatchObject({
      stop_reason: 'tool_use',
      content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } }],
    });
    sim.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const streamed = events((await post('/v1/messages', messages({ stream: true, tools: [ANTHROPIC_TOOL] }))).text);
    expect(streamed.map((event) => event.type)).toEqual([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(streamed[1]).toMatchObject({ index: 0, content_block: { type: 'tool_use', name: 'get_weather', input: {} } });
    const json = streamed.filter((event) => event.type === 'content_block_delta').map((event) => (event.delta as { partial_json: string }).partial_json).join('');
    expect(JSON.parse(json)).toEqual({ city: 'Rome' });
  });

  it('a structured answer: OpenAI content JSON, Anthropic the forced tool’s input', async () => {
    sim.enqueue({ json: { answer: 4 } });
    expect((await post('/v1/chat/completions', chat())).json()).toMatchObject({ choices: [{ message: { content: '{"answer":4}' }, finish_reason: 'stop' }] });
    sim.enqueue({ json: { answer: 4 } });
    const forced = { tools: [{ name: 'math', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'math' } };
    expect((await post('/v1/messages', messages(forced))).json()).toMatchObject({ stop_reason: 'tool_use', content: [{ type: 'tool_use', name: 'math', input: { answer: 4 } }] });
  });
});

describe('what the real APIs refuse', () => {
  it.each([
    ['OpenAI-format tools', messages({ tools: [OPENAI_TOOL] }), /tools\.0\.type/],
    ['a string tool_choice', messages({ tools: [ANTHROPIC_TOOL], tool_choice: 'auto' }), /tool_choice/],
    ['a tool role', messages({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', content: 'r' }] }), /messages\.1\.role/],
    ['an image_url block', messages({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/a.png' } }] }] }), /type/],
    ['an image with a bad media type', messages({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA' } }] }] }), /media_type/],
    ['a tool_result without its tool_use', messages({ tools: [ANTHROPIC_TOOL], messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'r' }] }] }), /unexpected `tool_use_id`/],
    ['a tool_use left unanswered', messages({ tools: [ANTHROPIC_TOOL], messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }] }, { role: 'user', content: 'y' }] }), /without `tool_result`/],
    ['tool blocks without tools', messages({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'r' }] }] }), /must define tools/],
    ['response_format', messages({ response_format: { type: 'json_object' } }), /response_format/],
  ])('Anthropic refuses %s', async (_what, body, message) => {
    const reply = await post('/v1/messages', body);
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(message) } });
  });

  it.each([
    ['Anthropic-format tools', chat({ tools: [ANTHROPIC_TOOL] }), /tools\[0\]/],
    ['a tool message without a preceding tool call', chat({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'c', content: 'r' }] }), /preceeding message with 'tool_calls'/],
    ['an unanswered tool call', chat({ tools: [OPENAI_TOOL], messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }, { role: 'user', content: 'y' }] }), /did not have response messages: c/],
    ['an Anthropic image block', chat({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x' } }] }] }), /Invalid value: 'image'/],
    ['a named tool_choice that is not a tool', chat({ tools: [OPENAI_TOOL], tool_choice: { type: 'function', function: { name: 'other' } } }), /not found/],
    ['an unknown field', chat({ input_schema: {} }), /Unrecognized request argument supplied: input_schema/],
  ])('OpenAI refuses %s', async (_what, body, message) => {
    const reply = await post('/v1/chat/completions', body);
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(message) } });
  });

  it('keeps a scripted reply for the next valid request when it refuses one', async () => {
    sim.enqueue({ text: 'kept' });
    expect((await post('/v1/chat/completions', chat({ tools: [ANTHROPIC_TOOL] }))).status).toBe(400);
    expect((await post('/v1/chat/completions', chat())).json()).toMatchObject({ choices: [{ message: { content: 'kept' } }] });
  });
});
