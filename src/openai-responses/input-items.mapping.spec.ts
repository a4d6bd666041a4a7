import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../common/api-error.js';
import { inputItems, toTurns } from './input-items.mapping.js';

const refusal = (run: () => unknown): { param: string | null; message: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { param: error.param, message: error.message };
  }
  throw new Error('not refused');
};

describe('Responses input items → turns', () => {
  it('reads a string input as one user message', () => {
    expect(toTurns(inputItems('Hi'))).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('maps message roles and parts: developer is system, input_text/input_image parts, output_text in assistant turns', () => {
    const turns = toTurns(inputItems([
      { role: 'developer', content: 'Be terse.' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'low' }] },
      { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'A cat.', annotations: [] }] },
      { role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] },
    ]));
    expect(turns).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', url: 'https://x.test/a.png', detail: 'low' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }] },
      { role: 'user', content: [{ type: 'image', url: 'data:image/png;base64,AAAA' }] },
    ]);
  });

  it('joins an assistant message and the function calls after it into one turn; outputs are tool turns', () => {
    const turns = toTurns(inputItems([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'weather', arguments: '{"city":"Rome"}', status: 'completed' },
      { type: 'function_call_output', call_id: 'call_1', output: '18C' },
      { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '21C' }] },
    ]));
    expect(turns).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Checking.' }],
        tool_calls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'weather', arguments: '{"city":"Rome"}' }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '21C' }] },
    ]);
  });

  it('starts an assistant turn without text for function calls after a user turn', () => {
    expect(toTurns(inputItems([{ role: 'user', content: 'x' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }]))[1]).toEqual({
      role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'f', arguments: '{}' }],
    });
  });

  it.each([
    [[{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }], 'input[0].content[0].type', /file inputs/],
    [[{ role: 'user', content: [{ type: 'input_image', file_id: 'f' }] }], 'input[0].content[0].file_id', /file ids/],
    [[{ role: 'user', content: [{ type: 'input_image', image_url: 'https://x', detail: 'max' }] }], 'input[0].content[0].detail', /'auto', 'low' or 'high'/],
    [[{ role: 'assistant', content: [{ type: 'input_image', image_url: 'https://x' }] }], 'input[0].content[0].type', /only accepted in user messages/],
    [[{ role: 'tool', content: 'x' }], 'input[0].role', /must be 'user'/],
    [[{ role: 'user', content: [] }], 'input[0].content', /non-empty array/],
    [[{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{oops' }], 'input[0].arguments', /JSON/],
    [[{ type: 'function_call_output', output: 'x' }], 'input[0].call_id', /string/],
    [[{ type: 'reasoning', summary: [] }], 'input[0].type', /reasoning items/],
    [[{ type: 'web_search_call' }], 'input[0].type', /'web_search_call' items are not supported/],
    [['text'], 'input[0]', /must be an object/],
  ])('refuses %j with a 400 naming %s', (input, param, message) => {
    const refused = refusal(() => toTurns(inputItems(input)));
    expect(refused.param).toBe(param);
    expect(refused.message).toMatch(message);
  });
});
