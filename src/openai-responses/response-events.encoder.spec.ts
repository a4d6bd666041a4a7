import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import type { StreamDelta } from '../providers/stream-transform.js';
import { responseEventsEncoder } from './response-events.encoder.js';
import { responseIds, type ResponseObject } from './response-object.js';
import type { ResponseHead } from './response-object.mapping.js';

const head: ResponseHead = {
  ids: responseIds('ab'.repeat(24)),
  createdAt: 100,
  settings: {
    model: 'claude', instructions: null, max_output_tokens: null, temperature: null, top_p: null, tools: [], tool_choice: 'auto',
    parallel_tool_calls: true, text: { format: { type: 'text' } }, metadata: {}, store: true, previous_response_id: null,
  },
};
const usage = { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 };

/** Runs deltas (and an optional failure) through the encoder: the events as parsed JSON, and what was kept. */
function run(deltas: StreamDelta[], failure?: Error): { events: Record<string, unknown>[]; frames: string; finished: ResponseObject[] } {
  const finished: ResponseObject[] = [];
  const encoder = responseEventsEncoder(head, (response) => finished.push(response), () => 200);
  let frames = deltas.map((delta) => encoder.delta(delta)).join('');
  frames += failure ? encoder.failure(failure) : encoder.done();
  const events = frames.split('\n\n').filter(Boolean).map((frame) => {
    const [eventLine, dataLine] = frame.split('\n');
    const data = JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown>;
    expect(eventLine).toBe(`event: ${String(data.type)}`);
    return data;
  });
  return { events, frames, finished };
}

describe('the Responses event encoder', () => {
  it('streams text as OpenAI does, numbering every event from 0', () => {
    const { events, finished } = run([{ text: 'Hel' }, { text: 'lo' }, { finish_reason: 'stop', usage }]);
    expect(events.map((event) => event.type)).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done',
      'response.output_item.done', 'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const messageId = `msg_${'ab'.repeat(24)}0000`;
    expect(events[0]).toMatchObject({ response: { id: `resp_${'ab'.repeat(24)}`, status: 'in_progress', output: [] } });
    expect(events[2]).toEqual({ type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: messageId, status: 'in_progress', role: 'assistant', content: [] }, sequence_number: 2 });
    expect(events[4]).toMatchObject({ item_id: messageId, output_index: 0, content_index: 0, delta: 'Hel' });
    expect(events[6]).toMatchObject({ text: 'Hello' });
    const completed = events[9]!.response as ResponseObject;
    expect(completed).toMatchObject({ status: 'completed', completed_at: 200, usage: { input_tokens: 4, output_tokens: 6, total_tokens: 10 } });
    expect(completed.output).toEqual([{ type: 'message', id: messageId, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }] }]);
    expect(finished).toEqual([completed]);
  });

  it('streams text, then two tool calls as separate items with their argument fragments', () => {
    const { events } = run([
      { text: 'Checking.' },
      { tool_call: { index: 0, id: 'call_a', name: 'weather' } },
      { tool_call: { index: 0, arguments: '{"city":' } },
      { tool_call: { index: 0, arguments: '"Paris"}' } },
      { tool_call: { index: 1, id: 'call_b', name: 'time', arguments: '{}' } },
      { finish_reason: 'tool_calls', usage },
    ]);
    expect(events.map((event) => event.type).slice(4)).toEqual([
      'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(events[8]).toMatchObject({ output_index: 1, item: { type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '', status: 'in_progress' } });
    expect(events[11]).toMatchObject({ type: 'response.function_call_arguments.done', output_index: 1, name: 'weather', arguments: '{"city":"Paris"}' });
    const output = (events.at(-1)!.response as ResponseObject).output;
    expect(output.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(output[2]).toMatchObject({ call_id: 'call_b', name: 'time', arguments: '{}', status: 'completed' });
  });

  it('ends at the token limit with response.incomplete and the reason', () => {
    const { events } = run([{ text: 'Long' }, { finish_reason: 'length' }]);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] } });
    expect(events.at(-1)!.response).not.toHaveProperty('usage');
  });

  it('gives an empty answer one empty message item, as the JSON answer has', () => {
    const { events } = run([{ finish_reason: 'stop' }]);
    expect((events.at(-1)!.response as ResponseObject).output).toMatchObject([{ type: 'message', content: [{ text: '' }] }]);
  });

  it('ends a failure after the start with response.failed and an error event, and keeps nothing', () => {
    const { events, finished } = run([{ text: 'Par' }], new ApiError(502, 'The upstream failed mid-stream.', 'upstream_error'));
    expect(events.map((event) => event.type).slice(-2)).toEqual(['response.failed', 'error']);
    expect(events.at(-2)).toMatchObject({ response: { status: 'failed', error: { code: 'server_error', message: 'The upstream failed mid-stream.' }, output: [{ type: 'message' }] } });
    expect(events.at(-1)).toEqual({ type: 'error', code: 'upstream_error', message: 'The upstream failed mid-stream.', param: null, sequence_number: 6 });
    expect(finished).toEqual([]);
  });
});
