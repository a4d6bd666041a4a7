import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import type { StreamDelta } from '../providers/stream-transform.js';
import { anthropicStreamEncoder } from './anthropic-stream.encoder.js';

const stream = { id: 'cmpl-1', model: 'gpt-4o', servedBy: 'gpt-4o', attempts: 1 } as CompletionStream;

/** Every event the encoder writes for these deltas, parsed: [event name, data]. */
function events(deltas: StreamDelta[]): [string, Record<string, unknown>][] {
  const encoder = anthropicStreamEncoder(stream);
  const text = deltas.map((delta) => encoder.delta(delta)).join('') + encoder.done();
  return text.split('\n\n').filter(Boolean).map((frame) => {
    const [eventLine, dataLine] = frame.split('\n');
    const data = JSON.parse(dataLine!.replace(/^data: /, '')) as Record<string, unknown>;
    expect(eventLine).toBe(`event: ${String(data.type)}`);
    return [String(data.type), data];
  });
}

describe('Anthropic stream encoder', () => {
  it('text: message_start, ping, one text block, message_delta with stop reason and usage, message_stop', () => {
    const written = events([{ text: 'Hel' }, { text: 'lo' }, { finish_reason: 'length', usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } }]);
    expect(written.map(([type]) => type)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(written[0]![1]).toMatchObject({ message: { type: 'message', role: 'assistant', model: 'gpt-4o', content: [], stop_reason: null } });
    expect(written[2]![1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(written[4]![1]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } });
    expect(written[6]![1]).toEqual({ type: 'message_delta', delta: { stop_reason: 'max_tokens', stop_sequence: null }, usage: { input_tokens: 4, output_tokens: 2 } });
  });

  it('several tool calls, each its own tool_use block, every argument fragment as input_json_delta', () => {
    const written = events([
      { text: 'Checking.' },
      { tool_call: { index: 0, id: 'call_a', name: 'f' } },
      { tool_call: { index: 0, arguments: '{"city":' } },
      { tool_call: { index: 0, arguments: '"Paris"}' } },
      { tool_call: { index: 1, id: 'call_b', name: 'g', arguments: '{}' } },
      { finish_reason: 'tool_calls' },
    ]);
    const blocks = written.filter(([type]) => type.startsWith('content_block')).map(([, data]) => data);
    expect(blocks).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_a', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_b', name: 'g', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 2 },
    ]);
    expect(written.at(-2)![1]).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { input_tokens: 0, output_tokens: 0 } });
  });

  it('relays pass-through events unchanged, and adds nothing of its own', () => {
    const encoder = anthropicStreamEncoder(stream);
    expect(encoder.delta({ raw: { event: 'message_start', data: '{"type":"message_start","x":1}' } })).toBe('event: message_start\ndata: {"type":"message_start","x":1}\n\n');
    expect(encoder.delta({ raw: { data: '{"type":"ping"}' }, text: 'ignored' })).toBe('data: {"type":"ping"}\n\n');
    expect(encoder.done()).toBe('');
  });

  it('a failure after the start is an Anthropic error event', () => {
    const encoder = anthropicStreamEncoder(stream);
    expect(encoder.failure(new ApiError(502, 'OpenAI could not be reached.', 'upstream_error'))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"OpenAI could not be reached."}}\n\n',
    );
  });
});
