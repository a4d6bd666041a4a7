// bench/results.json's shape and its Markdown rendering: pure functions, pinned down by report.spec.ts.
import { TARGET_IDS, TARGET_LABELS, type TargetId } from './scenarios.js';
import type { BenchSettings } from './settings.js';
import type { CellRatios, CellSummary, RoundStats } from './stats.js';

export interface CellResult {
  summary: CellSummary;
  /** Against the bare proxy, same scenario, same run. */
  ratios: CellRatios;
  non2xx: number;
  errors: number;
  /** Non-2xx answers by status code. */
  statusCodes: Record<string, number>;
  rounds: RoundStats[];
}

export interface ScenarioResult {
  id: string;
  label: string;
  targets: Record<TargetId, CellResult>;
}

export interface BenchResults {
  smoke: boolean;
  commit: string;
  node: string;
  date: string;
  cpus: number;
  cpuModel: string;
  settings: BenchSettings;
  scenarios: ScenarioResult[];
}

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** Issue 8's targets: a ratio to the bare proxy (or MB for RSS), and whether lower or higher is better. */
const GOALS: { label: string; target: TargetId; key: keyof CellSummary; limit: number; higherIsBetter: boolean; absolute?: boolean }[] = [
  { label: 'c=50 req/s, memory ≥ 0.5×', target: 'gateway-memory', key: 'c50Rps', limit: 0.5, higherIsBetter: true },
  { label: 'c=50 req/s, Redis ≥ 0.4×', target: 'gateway-redis', key: 'c50Rps', limit: 0.4, higherIsBetter: true },
  { label: 'c=1 p50, memory ≤ 2×', target: 'gateway-memory', key: 'c1P50Ms', limit: 2, higherIsBetter: false },
  { label: 'c=1 p50, Redis ≤ 2×', target: 'gateway-redis', key: 'c1P50Ms', limit: 2, higherIsBetter: false },
  { label: 'RSS, memory ≤ 150 MB', target: 'gateway-memory', key: 'rssMB', limit: 150, higherIsBetter: false, absolute: true },
  { label: 'RSS, Redis ≤ 150 MB', target: 'gateway-redis', key: 'rssMB', limit: 150, higherIsBetter: false, absolute: true },
];

export interface GoalCheck {
  scenario: string;
  goal: string;
  value: number | null;
  met: boolean;
}

export function checkGoals(results: BenchResults): GoalCheck[] {
  return results.scenarios.flatMap((scenario) =>
    GOALS.map((goal) => {
      const cell = scenario.targets[goal.target];
      const value = goal.absolute ? cell.summary[goal.key] : cell.ratios[goal.key];
      const met = value !== null && (goal.higherIsBetter ? value >= goal.limit : value <= goal.limit);
      return { scenario: scenario.id, goal: goal.label, value, met };
    }),
  );
}

export const formatRatio = (r: number | null): string => (r === null ? 'n/a' : `${r.toFixed(2)}×`);
export const formatMs = (ms: number): string => (Number.isFinite(ms) ? `${ms.toFixed(ms < 10 ? 2 : 1)} ms` : 'n/a');

/** A ratio as the targets table shows it: a missed one that 2 decimals would round onto its limit is cut away from it. */
function goalRatio(value: number | null, met: boolean, goal: (typeof GOALS)[number]): string {
  if (value === null || met) return formatRatio(value);
  const shown = Math.round(value * 100) / 100;
  const looksMet = goal.higherIsBetter ? shown >= goal.limit : shown <= goal.limit;
  if (!looksMet) return formatRatio(value);
  return formatRatio((goal.higherIsBetter ? Math.floor(value * 100) : Math.ceil(value * 100)) / 100);
}

function withRatio(text: string, r: number | null, isReference: boolean): string {
  return isReference ? text : `${text} (${formatRatio(r)})`;
}

function row(scenario: ScenarioResult, target: TargetId): string {
  const { summary: s, ratios: r, non2xx, errors } = scenario.targets[target];
  const ref = target === 'bare';
  return `| ${scenario.label} | ${TARGET_LABELS[target]} | ${withRatio(String(Math.round(s.c50Rps)), r.c50Rps, ref)} | ${withRatio(formatMs(s.c50P50Ms), r.c50P50Ms, ref)} | ${withRatio(formatMs(s.c50P99Ms), r.c50P99Ms, ref)} | ${withRatio(formatMs(s.c1P50Ms), r.c1P50Ms, ref)} | ${withRatio(`${Math.round(s.rssMB)} MB`, r.rssMB, ref)} | ${non2xx} / ${errors} |`;
}

/** The Markdown block the README and docs/benchmarks.md show between the markers. */
export function renderMarkdown(results: BenchResults): string {
  const s = results.settings;
  const lines = [
    `Measured on commit \`${results.commit}\`, ${results.date.slice(0, 10)}, Node ${results.node}, ${results.cpus} CPUs `
      + `(${results.cpuModel}); ${s.rounds} round(s) of ${s.durationS} s at c=${s.connections} and ${s.c1DurationS} s at c=1 `
      + `after ${s.warmupS} s of warm-up; medians over rounds, ratios to the bare proxy of the same run.`,
  ];
  if (results.smoke) {
    lines.push('', '**Smoke run**: proves the harness end to end on a busy shared machine; these numbers are not a measurement.');
  }
  lines.push(
    '',
    `| scenario | target | req/s c=${s.connections} | p50 c=${s.connections} | p99 c=${s.connections} | p50 c=1 | RSS after load | non-2xx / errors |`,
    '|---|---|---|---|---|---|---|---|',
    ...results.scenarios.flatMap((scenario) => TARGET_IDS.map((target) => row(scenario, target))),
    '',
    '| issue 8 target | ' + results.scenarios.map((sc) => sc.id).join(' | ') + ' |',
    '|---|' + results.scenarios.map(() => '---|').join(''),
  );
  const checks = checkGoals(results);
  for (const goal of GOALS) {
    const cells = checks
      .filter((c) => c.goal === goal.label)
      .map((c) => `${c.met ? 'met' : '**missed**'} (${goal.absolute ? `${Math.round(c.value ?? 0)} MB` : goalRatio(c.value, c.met, goal)})`);
    lines.push(`| ${goal.label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** `text` with everything between the two markers replaced by `block`; the markers must be there, in order. */
export function replaceBetweenMarkers(text: string, block: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) throw new Error(`missing ${START_MARKER} … ${END_MARKER}`);
  return `${text.slice(0, start + START_MARKER.length)}\n${block.trim()}\n${text.slice(end)}`;
}
