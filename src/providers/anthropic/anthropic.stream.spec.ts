import { describe, expect, it } from '@jest/globals';
import { MalformedStreamEvent, StreamEventError } from '../stream-transform.js';
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
