import { describe, expect, it } from '@jest/globals';
import { UpstreamError } from '../providers/upstream-errors.js';
import { stopReason, toAnthropicMessage } from './anthropic-response.mapping.js';

const usage = { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 };

describe('the gateway\'s answer → an Anthropic message', () => {
  it('text with its stop reason and usage', () => {
    expect(toAnthropicMessage('gpt-4o', { text: 'Hi', finish_reason: 'stop', usage }, 'OpenAI')).toEqual({
      id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 7, output_tokens: 3 },
    });
  });

  it('each tool call as its own tool_use block with the parsed input; no empty text block before them', () => {
    const message = toAnthropicMessage('gpt-4o', {
      text: '',
      finish_reason: 'tool_calls',
      usage,
      tool_calls: [{ id: 'call_1', name: 'f', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'g', arguments: '' }],
    }, 'OpenAI');
    expect(message).toMatchObject({
      content: [
        { type: 'tool_use', id: 'call_1', name: 'f', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
      ],
      stop_reason: 'tool_use',
    });
  });

  it('arguments that are not a JSON object are a 502, never dropped', () => {
    expect(() => toAnthropicMessage('gpt-4o', { text: '', finish_reason: 'tool_calls', usage, tool_calls: [{ id: 'c', name: 'f', arguments: '{"a":' }] }, 'OpenAI')).toThrow(UpstreamError);
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
    ['something_else', 'end_turn'],
    [undefined, 'end_turn'],
  ])('finish reason %s → stop_reason %s', (finish, expected) => {
    expect(stopReason(finish)).toBe(expected);
  });
});
