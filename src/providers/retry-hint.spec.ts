import { describe, expect, it } from '@jest/globals';
import { retryAfterHeader, retryAfterMs } from './retry-hint.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '12.3', 'retry-after': '9' }, 13],
    [{ 'retry-after': '1' }, 1000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, 3000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after-ms': '-5' }, undefined],
    [{}, undefined],
  ])('%o → %p', (headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });
});

describe('retryAfterHeader', () => {
  it.each([
    [undefined, undefined],
    [0, '1'],
    [250, '1'],
    [1000, '1'],
    [1001, '2'],
    [17_000, '17'],
  ])('%p ms → %p', (ms, expected) => {
    expect(retryAfterHeader(ms)).toBe(expected);
  });
});
