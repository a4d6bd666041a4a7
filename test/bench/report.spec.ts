import { describe, expect, it } from '@jest/globals';
import { checkGoals, END_MARKER, renderMarkdown, replaceBetweenMarkers, START_MARKER, type BenchResults, type CellResult } from './report.js';
import { ratios, type CellSummary } from './stats.js';

const BARE: CellSummary = { c50Rps: 8000, c50P50Ms: 5, c50P99Ms: 12, c1P50Ms: 0.2, c1TtfbMs: Number.NaN, rssMB: 60, loadCpuPct: 30 };

function cell(summary: CellSummary, non2xx = 0): CellResult {
  return { summary, ratios: ratios(summary, BARE), non2xx, errors: 0, statusCodes: {}, rounds: [] };
}

function results(memory: CellSummary, redis: CellSummary, smoke = false): BenchResults {
  return {
    smoke,
    commit: 'abc1234',
    node: 'v20.20.2',
    date: '2026-11-28T19:00:00.000Z',
    cpus: 2,
    cpuModel: 'Test CPU',
    settings: { rounds: 3, durationS: 4, c1DurationS: 4, warmupS: 2, connections: 50, smoke },
    loadGenerator: { name: 'wrk', note: 'wrk at /usr/bin/wrk' },
    rssAtStartMB: { bare: 50, 'gateway-memory': 90, 'gateway-redis': 95 },
    scenarios: [
      {
        id: 'complete-openai',
        label: 'POST /v1/complete, gpt-4o (OpenAI)',
        targets: { bare: cell(BARE), 'gateway-memory': cell(memory), 'gateway-redis': cell(redis, 2) },
      },
    ],
  };
}

const GOOD: CellSummary = { c50Rps: 4800, c50P50Ms: 9, c50P99Ms: 20, c1P50Ms: 0.3, c1TtfbMs: Number.NaN, rssMB: 120, loadCpuPct: 28 };
const SLOW: CellSummary = { c50Rps: 2400, c50P50Ms: 20, c50P99Ms: 40, c1P50Ms: 0.5, c1TtfbMs: Number.NaN, rssMB: 180, loadCpuPct: 12 };

describe('checkGoals', () => {
  it("applies issue 18's targets: throughput at least, latency and RSS at most", () => {
    const checks = checkGoals(results(GOOD, SLOW));
    const met = Object.fromEntries(checks.map((c) => [c.goal, c.met]));
    expect(met).toEqual({
      'c=50 req/s ≥ 0.5×, memory': true,
      'c=50 req/s ≥ 0.4×, Redis': false,
      'c=1 p50 ≤ 2×, memory': true,
      'c=1 p50 ≤ 2×, Redis': false,
      'p99 c=50 ≤ 3×, memory': true,
      'p99 c=50 ≤ 3×, Redis': false,
      'TTFB c=1 ≤ bare + 1 ms, memory': false,
      'TTFB c=1 ≤ bare + 1 ms, Redis': false,
      'RSS after load ≤ 150 MB, memory': true,
      'RSS after load ≤ 150 MB, Redis': false,
    });
    expect(checks.find((c) => c.goal === 'c=50 req/s ≥ 0.5×, memory')?.value).toBe(0.6);
  });

  it('does not apply the time to first byte to an unstreamed scenario, and measures it from the bare proxy', () => {
    expect(checkGoals(results(GOOD, SLOW)).find((c) => c.goal.startsWith('TTFB'))?.value).toBeNull();
    const bare = { ...BARE, c1TtfbMs: 0.5 };
    const streamed = results({ ...GOOD, c1TtfbMs: 1.4 }, { ...GOOD, c1TtfbMs: 1.6 });
    streamed.scenarios[0]!.targets.bare = cell(bare);
    const ttfb = checkGoals(streamed).filter((c) => c.goal.startsWith('TTFB'));
    expect(ttfb.map((c) => c.met)).toEqual([true, false]);
    expect(ttfb[0]!.value).toBeCloseTo(0.9);
  });

  it('counts a value exactly at the limit as met', () => {
    const edge = { ...GOOD, c50Rps: 4000, c1P50Ms: 0.4, c50P99Ms: 36, rssMB: 150 };
    const failed = checkGoals(results(edge, edge)).filter((c) => !c.met && c.value !== null).map((c) => c.goal);
    expect(failed).toEqual([]);
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(results(GOOD, SLOW));

  it('names the commit and the settings the numbers come from', () => {
    expect(markdown).toContain('commit `abc1234`');
    expect(markdown).toContain('Node v20.20.2, 2 CPUs');
    expect(markdown).toContain('load by wrk; 3 round(s) of 4 s at c=50');
  });

  it('shows each target with its ratios to the bare proxy, and the failure counts', () => {
    expect(markdown).toContain('| POST /v1/complete, gpt-4o (OpenAI) | bare proxy | 8000 | 5.00 ms | 12.0 ms | 0.20 ms | – | 50 → 60 MB | 30 % | 0 / 0 |');
    expect(markdown).toContain('| gateway, memory limits | 4800 (0.60×) | 9.00 ms (1.80×) | 20.0 ms (1.67×) | 0.30 ms (1.50×) | – | 90 → 120 MB | 28 % | 0 / 0 |');
    expect(markdown).toContain('| gateway, Redis limits | 2400 (0.30×) |');
    expect(markdown).toMatch(/gateway, Redis limits .* \| 2 \/ 0 \|$/m);
  });

  it('marks each target of issue 18 met or missed, and one that does not apply as such', () => {
    expect(markdown).toContain('| c=50 req/s ≥ 0.5×, memory | met (0.60×) |');
    expect(markdown).toContain('| p99 c=50 ≤ 3×, Redis | **missed** (3.33×) |');
    expect(markdown).toContain('| RSS after load ≤ 150 MB, Redis | **missed** (180 MB) |');
    expect(markdown).toContain('| TTFB c=1 ≤ bare + 1 ms, memory | – |');
  });

  it('never shows a missed ratio rounded onto its limit', () => {
    const justUnder = renderMarkdown(results({ ...GOOD, c50Rps: 3996, c1P50Ms: 0.4009 }, GOOD));
    expect(justUnder).toContain('| c=50 req/s ≥ 0.5×, memory | **missed** (0.49×) |');
    expect(justUnder).toContain('| c=1 p50 ≤ 2×, memory | **missed** (2.01×) |');
  });

  it('says so when the numbers come from a smoke run', () => {
    expect(markdown).not.toContain('Smoke run');
    expect(renderMarkdown(results(GOOD, GOOD, true))).toContain('**Smoke run**');
  });
});

describe('results written before issue 18', () => {
  it('still render: no load generator or RSS at start recorded', () => {
    const old = results(GOOD, SLOW);
    delete old.loadGenerator;
    delete old.rssAtStartMB;
    expect(renderMarkdown(old)).toContain('load by autocannon;');
    expect(renderMarkdown(old)).toContain('| ? → 60 MB |');
  });
});

describe('replaceBetweenMarkers', () => {
  it('replaces only what is between the markers, keeping them', () => {
    const page = `# Title\n\n${START_MARKER}\nold table\n${END_MARKER}\n\nafter\n`;
    expect(replaceBetweenMarkers(page, 'new table\n')).toBe(`# Title\n\n${START_MARKER}\nnew table\n${END_MARKER}\n\nafter\n`);
  });

  it('refuses a page without both markers in order', () => {
    expect(() => replaceBetweenMarkers('no markers', 'x')).toThrow(/bench:start/);
    expect(() => replaceBetweenMarkers(`${END_MARKER}\n${START_MARKER}`, 'x')).toThrow(/bench:start/);
  });
});
