import { describe, expect, it } from '@jest/globals';
import type { CompletionRequest } from '../provider-definition.js';
import { MalformedStreamEvent, StreamEventError, type StreamDelta } from '../stream-transform.js';
import { ANTHROPIC_STREAM } from './anthropic.stream.js';

/** A plain text request: what the parser is told was asked. */
const TEXT = { messages: [{ role: 'user' as const, content: 'p' }] };

const event = (type: string, data: Record<string, unknown> = {}): { event: string; data: string } => ({ event: type, data: JSON.stringify({ type, ...data }) });

describe('Anthropic stream transform', () => {
  it('asks for a stream', () => {
    expect(ANTHROPIC_STREAM.streamingBody({ model: 'm', max_tokens: 5 })).toEqual({ model: 'm', max_tokens: 5, stream: true });
  });

  it('reads text deltas, drops pings and other blocks, and ends at message_stop with the stop reason and usage', () => {
    const parse = ANTHROPIC_STREAM.createParser(TEXT);
    const usage = { input_tokens: 10, cache_read_input_tokens: 2, output_tokens: 1 };
    expect(parse(event('message_start', { message: { id: 'm', usage } }))).toEqual([]);
    expect(parse(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }))).toEqual([]);
    expect(parse(event('ping'))).toEqual([]);
    expect(parse(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi' } }))).toEqual([{ text: 'Hi' }]);
    expect(parse(event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{' } }))).toEqual([]);
    expect(parse(event('content_block_stop', { index: 0 }))).toEqual([]);
    expect(parse(event('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 7 } }))).toEqual([]);
    expect(parse(event('some_future_event'))).toEqual([]);
    expect(parse(event('message_stop'))).toEqual([{ finish_reason: 'length', usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } }]);
  });

  it('throws an error event with the status its type has as a plain answer', () => {
    const parse = ANTHROPIC_STREAM.createParser(TEXT);
    expect(() => parse(event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }))).toThrow(StreamEventError);
    let thrown: unknown;
    try {
      parse(event('error', { error: { type: 'rate_limit_error', message: 'slow' } }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 429, kind: 'rate_limit_error', providerMessage: 'slow' });
  });

  it('refuses unreadable events and a message_stop without a stop reason', () => {
    expect(() => ANTHROPIC_STREAM.createParser(TEXT)({ data: 'not json' })).toThrow(MalformedStreamEvent);
    expect(() => ANTHROPIC_STREAM.createParser(TEXT)(event('message_stop'))).toThrow('message_stop without a stop_reason');
  });
});

describe('Anthropic stream transform: tool calls', () => {
  const usage = { input_tokens: 3, output_tokens: 1 };
  const run = (events: { event: string; data: string }[], request: CompletionRequest = TEXT): StreamDelta[] => {
    const parse = ANTHROPIC_STREAM.createParser(request);
    return events.flatMap((e) => parse(e));
  };
  const toolStart = (index: number, id: string, name: string) => event('content_block_start', { index, content_block: { type: 'tool_use', id, name, input: {} } });
  const json = (index: number, partial: string) => event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partial } });
  const stop = (index: number) => event('content_block_stop', { index });
  const end = (reason: string) => [event('message_delta', { delta: { stop_reason: reason }, usage: { output_tokens: 9 } }), event('message_stop')];

  it('numbers tool calls by call, not by content block, keeps several calls apart, and ends an empty input as "{}"', () => {
    const deltas = run([
      event('message_start', { message: { usage } }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Checking.' } }),
      stop(0),
      toolStart(1, 'toolu_a', 'get_weather'),
      json(1, ''),
      json(1, '{"city":'),
      json(1, '"Paris"}'),
      stop(1),
      toolStart(2, 'toolu_b', 'now'),
      stop(2),
      ...end('tool_use'),
    ]);
    expect(deltas).toEqual([
      { text: 'Checking.' },
      { tool_call: { index: 0, id: 'toolu_a', name: 'get_weather' } },
      { tool_call: { index: 0, arguments: '{"city":' } },
      { tool_call: { index: 0, arguments: '"Paris"}' } },
      { tool_call: { index: 1, id: 'toolu_b', name: 'now' } },
      { tool_call: { index: 1, arguments: '{}' } },
      { finish_reason: 'tool_calls', usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } },
    ]);
  });

  it('streams the structured-output tool call as text, ending as stop', () => {
    const request: CompletionRequest = { ...TEXT, response_format: { type: 'json_schema', name: 'math', schema: {} } };
    expect(run([event('message_start', { message: { usage } }), toolStart(0, 'toolu_a', 'math'), json(0, '{"answer"'), json(0, ':4}'), stop(0), ...end('tool_use')], request)).toEqual([
      { text: '{"answer"' },
      { text: ':4}' },
      { finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } },
    ]);
    expect(run([toolStart(0, 'toolu_a', 'json_object'), stop(0), ...end('tool_use')], { ...TEXT, response_format: { type: 'json_object' } })).toEqual([
      { text: '{}' },
      { finish_reason: 'stop', usage: expect.any(Object) },
    ]);
  });
});
