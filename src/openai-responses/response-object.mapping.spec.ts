import { describe, expect, it } from '@jest/globals';
import { responseIdOfItem, responseIds } from './response-object.js';
import { finishedResponse, type ResponseHead } from './response-object.mapping.js';

const hex = '0123456789abcdef'.repeat(3);
const head: ResponseHead = {
  ids: responseIds(hex),
  createdAt: 100,
  settings: {
    model: 'gpt-4o', instructions: 'Be brief.', max_output_tokens: 50, temperature: 0.5, top_p: null, tools: [], tool_choice: 'auto',
    parallel_tool_calls: true, text: { format: { type: 'text' } }, metadata: { a: 'b' }, store: true, previous_response_id: null,
  },
};
const usage = { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 };

describe('a model answer → the response object', () => {
  it('gives a text answer one message item, the usage, and echoes the settings', () => {
    expect(finishedResponse(head, { text: 'Hi', finish_reason: 'stop', usage }, 101)).toEqual({
      id: `resp_${hex}`, object: 'response', created_at: 100, status: 'completed', completed_at: 101, error: null, incomplete_details: null,
      output: [{ type: 'message', id: `msg_${hex}0000`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi', annotations: [], logprobs: [] }] }],
      usage: { input_tokens: 3, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 8 },
      background: false, reasoning: { effort: null, summary: null }, truncation: 'disabled', service_tier: 'default',
      ...head.settings,
    });
  });

  it('gives tool calls function_call items after the text (none when the model only called tools)', () => {
    const calls = [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'time', arguments: '{}' }];
    expect(finishedResponse(head, { text: '', tool_calls: calls, finish_reason: 'tool_calls', usage }, 101).output).toEqual([
      { type: 'function_call', id: `fc_${hex}0000`, call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' },
      { type: 'function_call', id: `fc_${hex}0001`, call_id: 'call_2', name: 'time', arguments: '{}', status: 'completed' },
    ]);
    expect(finishedResponse(head, { text: 'Let me check.', tool_calls: calls.slice(0, 1), finish_reason: 'tool_calls', usage }, 101).output.map((item) => item.id)).toEqual([`msg_${hex}0000`, `fc_${hex}0001`]);
  });

  it('is incomplete at the token limit, with the reason, and no completion time', () => {
    expect(finishedResponse(head, { text: 'Cut', finish_reason: 'length', usage }, 101)).toMatchObject({
      status: 'incomplete', completed_at: null, incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }],
    });
  });

  it('finds the response an output item id belongs to (for item_reference)', () => {
    expect(responseIdOfItem(`msg_${hex}0000`)).toBe(`resp_${hex}`);
    expect(responseIdOfItem(`fc_${hex}0003`)).toBe(`resp_${hex}`);
    expect(responseIdOfItem('msg_123')).toBeUndefined();
  });
});
