import { describe, expect, it } from '@jest/globals';
import type { ChatMessage } from '../provider-definition.js';
import { toAnthropicTurns } from './anthropic.turns.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const system = (content: string): ChatMessage => ({ role: 'system', content });

describe('toAnthropicTurns', () => {
  it('keeps one user message as a plain turn, without a system field', () => {
    expect(toAnthropicTurns([user('hi')])).toEqual({ turns: [{ role: 'user', content: 'hi' }] });
  });

  it('lifts every system message, in order, to the top-level system', () => {
    expect(toAnthropicTurns([system('be brief'), user('a'), assistant('b'), system('be kind'), user('c')])).toEqual({
      system: 'be brief\n\nbe kind',
      turns: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    });
  });

  it('joins consecutive messages of one role into one turn of text blocks', () => {
    expect(toAnthropicTurns([user('a'), user('b'), assistant('c')]).turns).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      { role: 'assistant', content: 'c' },
    ]);
  });

  it('cuts trailing whitespace of a final assistant prefill, and only there', () => {
    expect(toAnthropicTurns([user('a '), assistant('The answer is ')]).turns).toEqual([
      { role: 'user', content: 'a ' },
      { role: 'assistant', content: 'The answer is' },
    ]);
  });

  it('refuses a conversation opening with the assistant, naming the message', () => {
    expect(() => toAnthropicTurns([system('s'), assistant('x'), user('y')])).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1]' }) as unknown as Error,
    );
  });

  it('refuses a conversation without any user or assistant message', () => {
    expect(() => toAnthropicTurns([system('only')])).toThrow(expect.objectContaining({ status: 400, param: 'messages' }) as unknown as Error);
  });
});

describe('toAnthropicTurns: parts, images and tools', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';

  it('keeps text parts as separate text blocks, in user and system messages alike', () => {
    const result = toAnthropicTurns([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Summarise this:' }, { type: 'text', text: 'The ocean whispers.' }] },
    ]);
    expect(result).toEqual({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
      turns: [{ role: 'user', content: [{ type: 'text', text: 'Summarise this:' }, { type: 'text', text: 'The ocean whispers.' }] }],
    });
  });

  it('sends an https image as a url source and a data URL as a base64 source with its media type', () => {
    const [turn] = toAnthropicTurns([{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', url: 'https://example.com/a.jpg' }, { type: 'image', url: png }] }]).turns;
    expect(turn!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
    ]);
  });

  it('turns assistant tool calls into tool_use blocks and merges consecutive tool results into one user turn', () => {
    const turns = toAnthropicTurns([
      user('Weather in Paris and Rome?'),
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'c2', name: 'get_weather', arguments: '' }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'rain' }, { type: 'image', url: png }] },
      user('Thanks'),
    ]).turns;
    expect(turns).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'c1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'c2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'c1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'c2', content: [{ type: 'text', text: 'rain' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('keeps the text an assistant wrote before its tool calls, and drops an empty one', () => {
    const call = { id: 'c1', name: 'f', arguments: '{}' };
    expect(toAnthropicTurns([user('a'), { role: 'assistant', content: 'Let me check.', tool_calls: [call] }]).turns[1]!.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'c1', name: 'f', input: {} },
    ]);
    expect(toAnthropicTurns([user('a'), { role: 'assistant', content: '', tool_calls: [call] }]).turns[1]!.content).toEqual([{ type: 'tool_use', id: 'c1', name: 'f', input: {} }]);
  });

  it('refuses tool-call arguments that are not a JSON object, naming the message', () => {
    expect(() => toAnthropicTurns([user('a'), { role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'f', arguments: '{"city":' }] }])).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].tool_calls[0].function.arguments' }) as unknown as Error,
    );
  });
});
