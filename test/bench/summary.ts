// The README's short form of bench/results.json: the gateway against the bare proxy as ratios, with what they mean.
// docs/benchmarks.md keeps the full table (report.ts).
import type { BenchResults, ScenarioResult } from './report.js';
import { formatRatio } from './report.js';

const LIMITS = [
  ['gateway-memory', 'memory'],
  ['gateway-redis', 'Redis'],
] as const;

const percent = (ratio: number | null): string => (ratio === null ? 'n/a' : `${Math.round(ratio * 100)} %`);

/** Extra time one request alone spends in the gateway, against the bare proxy. */
const extraMs = (scenario: ScenarioResult, target: (typeof LIMITS)[number][0]): number =>
  scenario.targets[target].summary.c1P50Ms - scenario.targets.bare.summary.c1P50Ms;
const addedMs = (scenario: ScenarioResult, target: (typeof LIMITS)[number][0]): string =>
  `${extraMs(scenario, target) >= 0 ? '+' : '−'}${Math.abs(extraMs(scenario, target)).toFixed(2)} ms`;

export function renderSummary(results: BenchResults): string {
  const s = results.settings;
  const lines = [
    `Against a bare \`node:http\` + undici proxy in front of the same simulator (1.00×); commit \`${results.commit}\`, `
      + `${results.date.slice(0, 10)}, Node ${results.node}, ${results.cpus} CPUs, medians of ${s.rounds} round(s):`,
  ];
  if (results.smoke) lines.push('', '**Smoke run**: proves the harness end to end; these numbers are not a measurement.');
  lines.push(
    '',
    `| request | throughput, ${s.connections} concurrent (memory / Redis limits) | latency p50, one at a time (memory / Redis) | memory after load |`,
    '|---|---|---|---|',
  );
  for (const scenario of results.scenarios) {
    const memory = scenario.targets['gateway-memory'];
    const redis = scenario.targets['gateway-redis'];
    lines.push(
      `| ${scenario.label} | ${formatRatio(memory.ratios.c50Rps)} / ${formatRatio(redis.ratios.c50Rps)} (${Math.round(memory.summary.c50Rps)} req/s) `
        + `| ${formatRatio(memory.ratios.c1P50Ms)} / ${formatRatio(redis.ratios.c1P50Ms)} (${addedMs(scenario, 'gateway-memory')}) | ${Math.round(memory.summary.rssMB)} MB |`,
    );
  }
  const first = results.scenarios[0];
  if (first !== undefined) {
    const { ratios } = first.targets['gateway-memory'];
    lines.push(
      '',
      `Reading the first row: under load the gateway serves ${percent(ratios.c50Rps)} of the requests per second the bare proxy `
        + `serves on the same cores (the key check, validation, rate limit, log line and metrics each request costs); one request `
        + `alone takes ${extraMs(first, 'gateway-memory').toFixed(2)} ms longer (${formatRatio(ratios.c1P50Ms)}), small next to a provider's own answer time.`,
    );
  }
  return lines.join('\n');
}
