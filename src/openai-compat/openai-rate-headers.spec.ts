import { describe, expect, it } from '@jest/globals';
import { openAIDuration, openAIRateHeaders } from './openai-rate-headers.js';

describe('OpenAI rate-limit headers', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [59.2, '1m0s'],
    [360, '6m0s'],
    [3723, '1h2m3s'],
  ])('%s s → %s', (seconds, text) => {
    expect(openAIDuration(seconds)).toBe(text);
  });

  it("renames the gateway's X-RateLimit-* and adds nothing without them", () => {
    const headers: Record<string, string> = { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '90' };
    expect(openAIRateHeaders((name) => headers[name])).toEqual({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m30s',
    });
    expect(openAIRateHeaders(() => undefined)).toEqual({});
  });
});
