import { describe, expect, it } from '@jest/globals';
import { MAX_TOKEN_COUNT, tokenCount } from './json.js';

describe('tokenCount: an upstream token count is a whole number in range, else unknown (0)', () => {
  it.each([
    [12, 12],
    [0, 0],
    [MAX_TOKEN_COUNT, MAX_TOKEN_COUNT],
    [1.5, 0],
    [3e9, 0],
    [MAX_TOKEN_COUNT + 1, 0],
    [-1, 0],
    [Number.NaN, 0],
    [Infinity, 0],
    ['12', 0],
    [undefined, 0],
    [null, 0],
  ])('%p → %p', (value, expected) => {
    expect(tokenCount(value)).toBe(expected);
  });
});
