// bench/results.json's shape and its Markdown rendering: pure functions, pinned down by report.spec.ts.
import { checkGoal, GOALS, type Goal, type GoalCheck } from './goals.js';
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
  /** Absent from results written before issue 18 (autocannon, in the benchmark's process). */
  loadGenerator?: { name: 'wrk' | 'autocannon'; note: string };
  /** Each target's RSS once started, before any request (absent before issue 18). */
  rssAtStartMB?: Record<TargetId, number>;
  scenarios: ScenarioResult[];
}

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

export function checkGoals(results: BenchResults): GoalCheck[] {
  return results.scenarios.flatMap((scenario) => GOALS.map((goal) => checkGoal(scenario, goal)));
}

export const formatRatio = (r: number | null): string => (r === null ? 'n/a' : `${r.toFixed(2)}×`);
export const formatMs = (ms: number | null): string => (ms !== null && Number.isFinite(ms) ? `${ms.toFixed(ms < 10 ? 2 : 1)} ms` : 'n/a');

/** A value as the targets table shows it: a missed one that 2 decimals would round onto its limit is cut away from it. */
function goalValue(check: GoalCheck, goal: Goal): string {
  const { value, met } = check;
  if (value === null) return '–';
  if (goal.kind === 'mb') return `${met ? 'met' : '**missed**'} (${Math.round(value)} MB)`;
  const show = (v: number): string => (goal.kind === 'ratio' ? formatRatio(v) : `${v >= 0 ? '+' : ''}${v.toFixed(2)} ms`);
  let shown = Math.round(value * 100) / 100;
  const looksMet = goal.higherIsBetter ? shown >= goal.limit : shown <= goal.limit;
  if (!met && looksMet) shown = (goal.higherIsBetter ? Math.floor(value * 100) : Math.ceil(value * 100)) / 100;
  return `${met ? 'met' : '**missed**'} (${show(shown)})`;
}

const withRatio = (text: string, r: number | null, isReference: boolean): string => (isReference ? text : `${text} (${formatRatio(r)})`);

function row(scenario: ScenarioResult, target: TargetId, rssAtStart: number | undefined): string {
  const { summary: s, ratios: r, non2xx, errors } = scenario.targets[target];
  const ref = target === 'bare';
  const ttfb = Number.isFinite(s.c1TtfbMs) ? withRatio(formatMs(s.c1TtfbMs), r.c1TtfbMs, ref) : '–';
  return `| ${scenario.label} | ${TARGET_LABELS[target]} | ${withRatio(String(Math.round(s.c50Rps)), r.c50Rps, ref)} | ${withRatio(formatMs(s.c50P50Ms), r.c50P50Ms, ref)} | ${withRatio(formatMs(s.c50P99Ms), r.c50P99Ms, ref)} | ${withRatio(formatMs(s.c1P50Ms), r.c1P50Ms, ref)} | ${ttfb} | ${rssAtStart === undefined ? '?' : Math.round(rssAtStart)} → ${Math.round(s.rssMB)} MB | ${s.loadCpuPct === undefined ? '?' : `${Math.round(s.loadCpuPct)} %`} | ${non2xx} / ${errors} |`;
}

function header(results: BenchResults): string[] {
  const s = results.settings;
  const lines = [
    `Measured on commit \`${results.commit}\`, ${results.date.slice(0, 10)}, Node ${results.node}, ${results.cpus} CPUs `
      + `(${results.cpuModel}); load by ${results.loadGenerator?.name ?? 'autocannon'}; ${s.rounds} round(s) of ${s.durationS} s at c=${s.connections} `
      + `and ${s.c1DurationS} s at c=1 after ${s.warmupS} s of warm-up; medians over rounds, ratios to the bare proxy of the same run.`,
  ];
  if (results.smoke) lines.push('', '**Smoke run**: proves the harness end to end; these numbers are not a measurement.');
  return lines;
}

/** The full block docs/benchmarks.md shows between the markers: every cell, then every target met or missed. */
export function renderMarkdown(results: BenchResults): string {
  const c = results.settings.connections;
  const lines = [
    ...header(results),
    '',
    `| scenario | target | req/s c=${c} | p50 c=${c} | p99 c=${c} | p50 c=1 | TTFB c=1 | RSS start → after load | load gen CPU | non-2xx / errors |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.scenarios.flatMap((scenario) => TARGET_IDS.map((target) => row(scenario, target, results.rssAtStartMB?.[target]))),
    '',
    '| issue 18 target | ' + results.scenarios.map((sc) => sc.id).join(' | ') + ' |',
    '|---|' + results.scenarios.map(() => '---|').join(''),
  ];
  const checks = checkGoals(results);
  for (const goal of GOALS) {
    const cells = checks.filter((check) => check.goal === goal.label).map((check) => goalValue(check, goal));
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
