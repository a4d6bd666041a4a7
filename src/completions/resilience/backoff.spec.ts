import { describe, expect, it } from '@jest/globals';
import { fullJitterDelay } from './backoff.js';

describe('fullJitterDelay', () => {
  it('spreads over [0, base * 2^retry], capped', () => {
    expect([0, 1, 2, 3, 10].map((retry) => fullJitterDelay(retry, 250, 8000, () => 0.999999))).toEqual([249, 499, 999, 1999, 7999]);
    expect(fullJitterDelay(5, 250, 8000, () => 0)).toBe(0);
    expect(fullJitterDelay(1, 100, 8000, () => 0.5)).toBe(100);
  });

  it('does not overflow for large retry counts', () => {
    expect(fullJitterDelay(5000, 250, 8000, () => 0.5)).toBe(4000);
  });
});
