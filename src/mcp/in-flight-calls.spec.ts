import { describe, expect, it } from '@jest/globals';
import { InFlightCalls } from './in-flight-calls.js';

describe('InFlightCalls', () => {
  it("aborts only the key's request with that id", () => {
    const calls = new InFlightCalls();
    const mine = new AbortController();
    const othersSameId = new AbortController();
    const mineOtherId = new AbortController();
    calls.track('key-a', 7, mine);
    calls.track('key-b', 7, othersSameId);
    calls.track('key-a', '7', mineOtherId);
    expect(calls.cancel('key-a', 7, 'cancelled')).toBe(1);
    expect([mine.signal.aborted, othersSameId.signal.aborted, mineOtherId.signal.aborted]).toEqual([true, false, false]);
  });

  it('forgets a request once it is untracked, and ignores ids of the wrong type', () => {
    const calls = new InFlightCalls();
    const controller = new AbortController();
    const untrack = calls.track('key-a', 'abc', controller);
    untrack();
    expect(calls.size).toBe(0);
    expect(calls.cancel('key-a', 'abc', 'cancelled')).toBe(0);
    expect(calls.cancel('key-a', { id: 'abc' }, 'cancelled')).toBe(0);
    expect(controller.signal.aborted).toBe(false);
  });
});
