// Issue 18's targets, checked against one run's results: a ratio to the bare proxy, an absolute size, or a
// difference in milliseconds from the bare proxy (the streamed time to first byte).
import type { TargetId } from './scenarios.js';
import type { CellSummary } from './stats.js';
import type { ScenarioResult } from './report.js';

export interface Goal {
  label: string;
  target: TargetId;
  key: keyof CellSummary;
  limit: number;
  higherIsBetter: boolean;
  /** ratio: to the bare proxy's; mb: the value itself; diffMs: the value minus the bare proxy's. */
  kind: 'ratio' | 'mb' | 'diffMs';
}

const both = (label: string, key: keyof CellSummary, limit: number, higherIsBetter: boolean, kind: Goal['kind'], redisLimit = limit): Goal[] => [
  { label: `${label.replace('{limit}', String(limit))}, memory`, target: 'gateway-memory', key, limit, higherIsBetter, kind },
  { label: `${label.replace('{limit}', String(redisLimit))}, Redis`, target: 'gateway-redis', key, limit: redisLimit, higherIsBetter, kind },
];

export const GOALS: readonly Goal[] = [
  ...both('c=50 req/s ≥ {limit}×', 'c50Rps', 0.5, true, 'ratio', 0.4),
  ...both('c=1 p50 ≤ {limit}×', 'c1P50Ms', 2, false, 'ratio'),
  ...both('p99 c=50 ≤ {limit}×', 'c50P99Ms', 3, false, 'ratio'),
  ...both('TTFB c=1 ≤ bare + {limit} ms', 'c1TtfbMs', 1, false, 'diffMs'),
  ...both('RSS after load ≤ {limit} MB', 'rssMB', 150, false, 'mb'),
];

export interface GoalCheck {
  scenario: string;
  goal: string;
  /** null: the goal does not apply to this scenario (a time to first byte of an unstreamed answer). */
  value: number | null;
  met: boolean;
}

/** A finite number, or null: NaN (no such measure in this scenario) reads back from JSON as null. */
const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function checkGoal(scenario: ScenarioResult, goal: Goal): GoalCheck {
  const cell = scenario.targets[goal.target];
  const own = finite(cell.summary[goal.key]);
  const bare = finite(scenario.targets.bare.summary[goal.key]);
  const diff = own === null || bare === null ? null : own - bare;
  const value = goal.kind === 'mb' ? own : goal.kind === 'ratio' ? finite(cell.ratios[goal.key]) : diff;
  const met = value !== null && (goal.higherIsBetter ? value >= goal.limit : value <= goal.limit);
  return { scenario: scenario.id, goal: goal.label, value, met };
}
