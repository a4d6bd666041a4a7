import { describe, expect, it } from '@jest/globals';
import { mapUpstreamFailure } from './upstream-errors.js';
import { DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS, retryAfterHeader, retryAfterMs } from './retry-hint.js';

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
    [{ 'retry-after': '9'.repeat(400) }, undefined],
    [{ 'retry-after': '90000' }, undefined],
    [{ 'retry-after': 'Fri, 01 Jan 9999 00:00:00 GMT' }, undefined],
    [{ 'retry-after': `${'1'.repeat(50_000)}x` }, undefined],
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

describe('an upstream 429 relayed to the client', () => {
  it.each([
    ['a readable hint', { 'retry-after': '17' }, '17'],
    ['no hint', {}, String(DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS)],
    ['an unreadable hint', { 'retry-after': 'soon' }, '5'],
    ['an absurd hint', { 'retry-after': '9'.repeat(400) }, '5'],
  ])('with %s carries Retry-After %p', (_what, headers: Record<string, string>, expected) => {
    const error = mapUpstreamFailure({ provider: 'P', status: 429, retryAfter: retryAfterHeader(retryAfterMs(headers)) });
    expect({ status: error.status, retryAfter: error.headers['Retry-After'] }).toEqual({ status: 429, retryAfter: expected });
  });

  it('other upstream failures carry none', () => {
    expect(mapUpstreamFailure({ provider: 'P', status: 503 }).headers['Retry-After']).toBeUndefined();
  });
});
