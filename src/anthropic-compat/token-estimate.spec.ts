import { describe, expect, it } from '@jest/globals';
import { estimateInputTokens, IMAGE_TOKENS } from './token-estimate.js';

describe('estimateInputTokens', () => {
  it('counts text, tool calls and tool definitions at four characters a token, images at a fixed cost', () => {
    expect(estimateInputTokens({ messages: [{ role: 'system', content: 'abcd' }, { role: 'user', content: 'abcdefgh' }] })).toBe(3);
    const tool = { name: 'f', parameters: { type: 'object' } };
    expect(estimateInputTokens({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'abcd' }, { type: 'image', url: 'https://x/y.png' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'f', arguments: '{}' }] },
        { role: 'tool', tool_call_id: 'c', content: 'ok' },
      ],
      tools: [tool],
    })).toBe(Math.ceil((4 + 3 + 2 + JSON.stringify(tool).length) / 4) + IMAGE_TOKENS);
  });
});
