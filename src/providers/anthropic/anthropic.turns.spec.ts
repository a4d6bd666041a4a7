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
