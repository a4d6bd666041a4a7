import { describe, expect, it } from '@jest/globals';
import { decide } from './rate-limit-decision.js';
import type { WindowSpec } from './window-store.js';

const BURST: WindowSpec = { name: 'burst', windowMs: 1000, limit: 10 };
const MINUTE: WindowSpec = { name: 'per-minute', windowMs: 60_000, limit: 60 };

describe('decide', () => {
  it('describes the window closest to blocking on an admitted request', () => {
    const burstCloser = decide([BURST, MINUTE], {
      allowed: true,
      windows: [
        { count: 1, freeInMs: 1000 },
        { count: 1, freeInMs: 60_000 },
      ],
    });
    expect(burstCloser).toEqual({
      allowed: true,
      headers: { 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '9', 'X-RateLimit-Reset': '1' },
    });
    const minuteCloser = decide([BURST, MINUTE], {
      allowed: true,
      windows: [
        { count: 2, freeInMs: 400 },
        { count: 55, freeInMs: 12_300 },
      ],
    });
    expect(minuteCloser.headers).toEqual({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '5', 'X-RateLimit-Reset': '13' });
  });

  it('refuses with a Retry-After rounded up from the blocking window, at least one second', () => {
    const refused = decide([BURST, MINUTE], {
      allowed: false,
      windows: [
        { count: 10, freeInMs: 120 },
        { count: 30, freeInMs: 50_000 },
      ],
    });
    expect(refused).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
      headers: { 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1', 'Retry-After': '1' },
      reason: 'Rate limit exceeded for this API key: 10 requests per 1 s (burst limit). Retry after 1 s.',
    });
  });

  it('waits for the last blocking window when both are full', () => {
    const refused = decide([BURST, MINUTE], {
      allowed: false,
      windows: [
        { count: 10, freeInMs: 800 },
        { count: 60, freeInMs: 41_001 },
      ],
    });
    expect(refused.retryAfterSeconds).toBe(42);
    expect(refused.headers).toMatchObject({ 'X-RateLimit-Limit': '60', 'Retry-After': '42', 'X-RateLimit-Reset': '42' });
    expect(refused.reason).toContain('60 requests per 60 s (per-minute limit)');
  });

  it('names short windows in milliseconds', () => {
    const refused = decide([{ name: 'per-minute', windowMs: 6250, limit: 6 }], {
      allowed: false,
      windows: [{ count: 6, freeInMs: 3100 }],
    });
    expect(refused.reason).toBe('Rate limit exceeded for this API key: 6 requests per 6250 ms (per-minute limit). Retry after 4 s.');
  });
});
