import { describe, expect, it } from '@jest/globals';
import { checkGoals, END_MARKER, renderMarkdown, replaceBetweenMarkers, START_MARKER, type BenchResults, type CellResult } from './report.js';
import { ratios, type CellSummary } from './stats.js';

const BARE: CellSummary = { c50Rps: 8000, c50P50Ms: 5, c50P99Ms: 12, c1P50Ms: 0.2, rssMB: 60 };

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
    scenarios: [
      {
        id: 'complete-openai',
        label: 'POST /v1/complete, gpt-4o (OpenAI)',
        targets: { bare: cell(BARE), 'gateway-memory': cell(memory), 'gateway-redis': cell(redis, 2) },
      },
    ],
  };
}

const GOOD: CellSummary = { c50Rps: 4800, c50P50Ms: 9, c50P99Ms: 20, c1P50Ms: 0.3, rssMB: 120 };
const SLOW: CellSummary = { c50Rps: 2400, c50P50Ms: 20, c50P99Ms: 40, c1P50Ms: 0.5, rssMB: 180 };

describe('checkGoals', () => {
  it("applies issue 8's targets: throughput at least, latency and RSS at most", () => {
    const checks = checkGoals(results(GOOD, SLOW));
    const met = Object.fromEntries(checks.map((c) => [c.goal, c.met]));
    expect(met).toEqual({
      'c=50 req/s, memory ≥ 0.5×': true,
      'c=50 req/s, Redis ≥ 0.4×': false,
      'c=1 p50, memory ≤ 2×': true,
      'c=1 p50, Redis ≤ 2×': false,
      'RSS, memory ≤ 150 MB': true,
      'RSS, Redis ≤ 150 MB': false,
    });
    expect(checks.find((c) => c.goal === 'c=50 req/s, memory ≥ 0.5×')?.value).toBe(0.6);
  });

  it('counts a ratio exactly at the limit as met', () => {
    const edge = { ...GOOD, c50Rps: 4000, c1P50Ms: 0.4, rssMB: 150 };
    expect(checkGoals(results(edge, edge)).filter((c) => !c.met).map((c) => c.goal)).toEqual([]);
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(results(GOOD, SLOW));

  it('names the commit and the settings the numbers come from', () => {
    expect(markdown).toContain('commit `abc1234`');
    expect(markdown).toContain('Node v20.20.2, 2 CPUs');
    expect(markdown).toContain('3 round(s) of 4 s at c=50');
  });

  it('shows each target with its ratios to the bare proxy, and the failure counts', () => {
    expect(markdown).toContain('| POST /v1/complete, gpt-4o (OpenAI) | bare proxy | 8000 | 5.00 ms | 12.0 ms | 0.20 ms | 60 MB | 0 / 0 |');
    expect(markdown).toContain('| gateway, memory limits | 4800 (0.60×) | 9.00 ms (1.80×) | 20.0 ms (1.67×) | 0.30 ms (1.50×) | 120 MB (2.00×) | 0 / 0 |');
    expect(markdown).toContain('| gateway, Redis limits | 2400 (0.30×) |');
    expect(markdown).toMatch(/gateway, Redis limits .* \| 2 \/ 0 \|$/m);
  });

  it('marks each target of issue 8 met or missed', () => {
    expect(markdown).toContain('| c=50 req/s, memory ≥ 0.5× | met (0.60×) |');
    expect(markdown).toContain('| RSS, Redis ≤ 150 MB | **missed** (180 MB) |');
  });

  it('never shows a missed ratio rounded onto its limit', () => {
    const justUnder = renderMarkdown(results({ ...GOOD, c50Rps: 3996, c1P50Ms: 0.4009 }, GOOD));
    expect(justUnder).toContain('| c=50 req/s, memory ≥ 0.5× | **missed** (0.49×) |');
    expect(justUnder).toContain('| c=1 p50, memory ≤ 2× | **missed** (2.01×) |');
  });

  it('says so when the numbers come from a smoke run', () => {
    expect(markdown).not.toContain('Smoke run');
    expect(renderMarkdown(results(GOOD, GOOD, true))).toContain('**Smoke run**');
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
