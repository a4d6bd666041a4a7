import { describe, expect, it } from '@jest/globals';
import { leadingMessage } from './leading-message.js';

describe('leadingMessage', () => {
  it('reads the message string of a cut OpenAI or Anthropic error body', () => {
    expect(leadingMessage('{"error":{"message":"Bad request: aaaa', 100)).toBe('Bad request: aaaa');
    expect(leadingMessage('{"type":"error","error":{"type":"x","message": "too long\\nreally"}', 100)).toBe('too long\nreally');
  });

  it('stops at the closing quote and at the cut', () => {
    expect(leadingMessage('{"message":"short","other":"x', 100)).toBe('short');
    expect(leadingMessage(`{"message":"${'a'.repeat(500)}`, 10)).toBe('a'.repeat(10));
  });

  it('drops an escape cut in the middle', () => {
    expect(leadingMessage('{"message":"caf\\u00', 100)).toBe('caf');
    expect(leadingMessage('{"message":"tab\\', 100)).toBe('tab');
  });

  it('is undefined without a message string', () => {
    expect(leadingMessage('{"error":{"code":12', 100)).toBeUndefined();
    expect(leadingMessage('{"message": 12', 100)).toBeUndefined();
  });
});
