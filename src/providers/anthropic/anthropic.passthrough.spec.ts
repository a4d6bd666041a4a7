import { describe, expect, it } from '@jest/globals';
import { StreamEventError } from '../stream-transform.js';
import { ANTHROPIC } from './anthropic.provider.js';

const SLOT = ANTHROPIC.passthrough!;
const CLAUDE = ANTHROPIC.builtinModels[0]!;
const CONTEXT = { settings: { baseUrl: 'https://api.anthropic.com', apiKey: 'gateway-key' }, env: {} };
const REQUEST = { messages: [] };
const event = (type: string, data: Record<string, unknown> = {}): { event: string; data: string } => ({ event: type, data: JSON.stringify({ type, ...data }) });

describe('Anthropic pass-through', () => {
  it('sends the client body as is with only the model mapped, the client version and betas, the gateway key', () => {
    const body = {
      model: 'claude',
      max_tokens: 10,
      system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'p' }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'u' },
      future_field: { x: 1 },
    };
    const request = SLOT.buildRequest(CLAUDE, { format: 'anthropic-messages', body, headers: { 'anthropic-version': '2099-01-01', 'anthropic-beta': 'a,b', 'x-api-key': 'client' } }, CONTEXT);
    expect(request).toEqual({
      url: 'https://api.anthropic.com/v1/messages',
      headers: { 'x-api-key': 'gateway-key', 'anthropic-version': '2099-01-01', 'anthropic-beta': 'a,b' },
      body: { ...body, model: 'claude-sonnet-4-6' },
    });
  });

  it('defaults the version when the client sent none', () => {
    const request = SLOT.buildRequest(CLAUDE, { format: 'anthropic-messages', body: { model: 'claude' }, headers: {} }, CONTEXT);
    expect(request.headers).toEqual({ 'x-api-key': 'gateway-key', 'anthropic-version': '2023-06-01' });
  });

  it('reads the usage of a JSON answer and keeps the body to relay', () => {
    const body = { content: [{ type: 'thinking', thinking: 'hm' }, { type: 'text', text: 'a' }], stop_reason: 'end_turn', usage: { input_tokens: 3, cache_read_input_tokens: 4, output_tokens: 2 } };
    expect(SLOT.readResult(body, REQUEST)).toEqual({ text: 'a', finish_reason: 'stop', usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 }, raw: body });
    expect(SLOT.readResult({ nope: 1 }, REQUEST)).toBe('no content list');
  });

  it('asks for a stream', () => {
    expect(SLOT.stream.streamingBody({ model: 'm' })).toEqual({ model: 'm', stream: true });
  });

  it('relays every event, holding the opening ones until the first content, with the usage on message_stop', () => {
    const parse = SLOT.stream.createParser(REQUEST);
    const start = event('message_start', { message: { usage: { input_tokens: 5, output_tokens: 1 } } });
    const block = event('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } });
    const ping = event('ping');
    const json = event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } });
    expect(parse(start)).toEqual([]);
    expect(parse(block)).toEqual([]);
    expect(parse(ping)).toEqual([]);
    expect(parse(json)).toEqual([{ raw: start }, { raw: block }, { raw: ping }, { raw: json }]);
    const text = event('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hi' } });
    expect(parse(text)).toEqual([{ raw: text, text: 'Hi' }]);
    const future = event('some_future_event', { x: 1 });
    expect(parse(future)).toEqual([{ raw: future }]);
    const delta = event('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } });
    expect(parse(delta)).toEqual([{ raw: delta }]);
    const stop = event('message_stop');
    expect(parse(stop)).toEqual([{ raw: stop, finish_reason: 'tool_calls', usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } }]);
  });

  it('fails on an error event, before or after the start', () => {
    const parse = SLOT.stream.createParser(REQUEST);
    parse(event('message_start', { message: { usage: {} } }));
    expect(() => parse(event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }))).toThrow(StreamEventError);
  });
});
