import { describe, expect, it } from '@jest/globals';
import { AdmissionLog } from './admission-log.js';

const MINUTE_US = 60_000_000;

describe('AdmissionLog', () => {
  it('keeps at most the largest limit, dropping the oldest entry once full', () => {
    const log = new AdmissionLog();
    for (let t = 1; t <= 100; t++) log.push(t, 60);
    expect(log.kept).toBe(60);
    expect(log.slots).toBe(60);
    expect(log.inside(MINUTE_US, 100)).toEqual({ count: 60, first: 40 });
    expect(log.timeOf(40)).toBe(41);
    expect(log.timeOf(39)).toBeUndefined();
  });

  it('under a limit far above the rate, keeps only what the longest window can still count', () => {
    const log = new AdmissionLog();
    log.horizon = MINUTE_US;
    // Two minutes at 1000 admissions a second, limit 10^9 (the "no limit" setting): without forgetting, the ring
    // would hold all 120,000 entries and keep growing for as long as the key is used.
    for (let ms = 0; ms < 120_000; ms++) {
      const now = ms * 1000;
      log.forget(now - log.horizon);
      log.push(now, 1_000_000_000);
    }
    expect(log.kept).toBe(60_000);
    expect(log.slots).toBe(65_536);
    expect(log.inside(MINUTE_US, 119_999_000).count).toBe(60_000);
    expect(log.newest()).toBe(119_999_000);
  });

  it('gives a burst-sized ring back once the rate falls, and still counts exactly', () => {
    const log = new AdmissionLog();
    log.horizon = MINUTE_US;
    for (let i = 0; i < 100_000; i++) log.push(1_000_000, 1_000_000_000);
    expect(log.slots).toBe(131_072);
    // A minute later, one admission a second: the burst has left the window.
    for (let s = 61; s < 71; s++) {
      log.forget(s * 1_000_000 - log.horizon);
      log.push(s * 1_000_000, 1_000_000_000);
    }
    expect(log.kept).toBe(10);
    expect(log.slots).toBe(1024);
    expect(log.inside(MINUTE_US, 70_000_000)).toEqual({ count: 10, first: 100_000 });
    expect(log.timeOf(100_000)).toBe(61_000_000);
    expect(log.timeOf(100_009)).toBe(70_000_000);
  });

  it('keeps entries in order across the ring wrapping, growing and shrinking', () => {
    const log = new AdmissionLog();
    log.horizon = 10;
    const kept: number[] = [];
    // Times rise by one; each step forgets what is 10 or more behind, so the ring's head moves all the time.
    for (let t = 1; t <= 5000; t++) {
      const burst = t % 1000 < 3 ? 700 : 1;
      log.forget(t - log.horizon);
      while (kept.length > 0 && kept[0]! <= t - 10) kept.shift();
      for (let i = 0; i < burst; i++) {
        log.push(t, 1_000_000);
        kept.push(t);
      }
      const { count, first } = log.inside(10, t);
      expect(count).toBe(kept.length);
      expect(log.timeOf(first)).toBe(kept[0]);
      expect(log.timeOf(first + count - 1)).toBe(t);
    }
  });
});
