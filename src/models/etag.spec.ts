import { describe, expect, it } from '@jest/globals';
import { etagMatches } from './etag.js';

describe('etagMatches', () => {
  it.each([
    ['"a"', true],
    ['W/"a"', true],
    ['"b", "a"', true],
    ['*', true],
    ['"b"', false],
    [undefined, false],
  ])('If-None-Match %s → %s', (header, expected) => {
    expect(etagMatches(header, '"a"')).toBe(expected);
  });
});
