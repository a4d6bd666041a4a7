import { describe, expect, it } from '@jest/globals';
import { periodWindow, secondsUntil } from './budget-period.js';

describe('budget periods', () => {
  const now = new Date('2026-11-28T20:30:15.500Z');

  it('a day runs from UTC midnight to the next', () => {
    expect(periodWindow('day', now)).toEqual({ key: 'd:2026-11-28', start: new Date('2026-11-28T00:00:00Z'), resetsAt: new Date('2026-11-29T00:00:00Z') });
  });

  it('a month runs to the first of the next, across a year end', () => {
    expect(periodWindow('month', now).resetsAt).toEqual(new Date('2026-12-01T00:00:00Z'));
    const december = periodWindow('month', new Date('2026-12-31T23:59:59Z'));
    expect(december).toEqual({ key: 'm:2026-12', start: new Date('2026-12-01T00:00:00Z'), resetsAt: new Date('2027-01-01T00:00:00Z') });
  });

  it('total never resets', () => {
    expect(periodWindow('total', now)).toEqual({ key: 'total' });
  });

  it('Retry-After is whole seconds to the reset, at least one', () => {
    expect(secondsUntil(new Date('2026-11-29T00:00:00Z'), now)).toBe(12_585);
    expect(secondsUntil(now, now)).toBe(1);
  });
});
