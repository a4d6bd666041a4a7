import { describe, expect, it } from '@jest/globals';
import { failures, median, percentile, ratio, ratios, summarize, type RoundStats, type RunStats } from './stats.js';

function run(overrides: Partial<RunStats> = {}): RunStats {
  return { rps: 100, p50Ms: 1, p99Ms: 2, ok: 100, non2xx: 0, statusCodes: { 200: 100 }, errors: 0, seconds: 1, loadCpuPct: 20, ...overrides };
}

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list instead of inventing a number', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('percentile', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([0.2, 0.3, 7], 50)).toBe(0.3);
  });

  it('is NaN with no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('ratio', () => {
  it('divides by the reference', () => {
    expect(ratio(450, 900)).toBe(0.5);
  });

  it('is null when the reference is zero or a value is not a number', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(Number.NaN, 1)).toBeNull();
  });
});

describe('summarize and ratios', () => {
  const rounds: RoundStats[] = [
    { c50: run({ rps: 1000, p50Ms: 10, p99Ms: 40, loadCpuPct: 30 }), c1: run({ p50Ms: 0.5, ttfbP50Ms: 0.3 }), rssMB: 120 },
    { c50: run({ rps: 3000, p50Ms: 30, p99Ms: 20, loadCpuPct: 10 }), c1: run({ p50Ms: 0.3, ttfbP50Ms: 0.1 }), rssMB: 140 },
    { c50: run({ rps: 2000, p50Ms: 20, p99Ms: 30, loadCpuPct: 20 }), c1: run({ p50Ms: 0.4, ttfbP50Ms: 0.2 }), rssMB: 130 },
  ];

  it('takes the median of each measure over rounds, and the largest RSS reading', () => {
    expect(summarize(rounds)).toEqual({ c50Rps: 2000, c50P50Ms: 20, c50P99Ms: 30, c1P50Ms: 0.4, c1TtfbMs: 0.2, rssMB: 140, loadCpuPct: 20 });
  });

  it('has no time to first byte for an unstreamed scenario', () => {
    expect(summarize([{ c50: run(), c1: run(), rssMB: 1 }]).c1TtfbMs).toBeNaN();
  });

  it('divides every measure by the bare reference', () => {
    const bare = { c50Rps: 4000, c50P50Ms: 10, c50P99Ms: 15, c1P50Ms: 0.2, c1TtfbMs: 0.1, rssMB: 70, loadCpuPct: 40 };
    const r = ratios(summarize(rounds), bare);
    expect(r.c50Rps).toBe(0.5);
    expect(r.c50P50Ms).toBe(2);
    expect(r.c50P99Ms).toBe(2);
    expect(r.c1P50Ms).toBeCloseTo(2);
    expect(r.rssMB).toBe(2);
  });
});

describe('failures', () => {
  it('adds non-2xx answers and errors over every run, with the status codes that were not 2xx', () => {
    const rounds: RoundStats[] = [
      { c50: run({ non2xx: 3, statusCodes: { 200: 97, 429: 3 } }), c1: run({ errors: 1 }), rssMB: 1 },
      { c50: run({ non2xx: 2, statusCodes: { 200: 98, 429: 1, 502: 1 } }), c1: run(), rssMB: 1 },
    ];
    expect(failures(rounds)).toEqual({ non2xx: 5, errors: 1, statusCodes: { 429: 4, 502: 1 } });
  });
});
