// `npm run bench` settings, from the environment: bounded, so a typo cannot start an hour-long run.

export interface BenchSettings {
  /** Measured rounds; every cell's numbers are medians over them (issue 8 asks for at least 3). */
  rounds: number;
  /** Length of each c=50 run. */
  durationS: number;
  /** Length of each c=1 run. */
  c1DurationS: number;
  /** Load sent to every target and scenario before the first measured round (JIT, pools, caches). */
  warmupS: number;
  connections: number;
  /** Fewer than 3 rounds or runs shorter than 3 s (or BENCH_SMOKE=1): proves the harness, measures nothing. */
  smoke: boolean;
}

export function boundedInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/**
 * BENCH_QUICK=1 changes the defaults to one round of 2 s runs after 1 s of warm-up (about a minute and a half for
 * every scenario): a quick check while changing code, marked as a smoke run. Explicit variables still win.
 */
export function loadSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const quick = env.BENCH_QUICK === '1';
  const rounds = boundedInt(env, 'BENCH_ROUNDS', quick ? 1 : 3, 1, 15);
  const durationS = boundedInt(env, 'BENCH_DURATION_S', quick ? 2 : 4, 1, 60);
  const c1DurationS = boundedInt(env, 'BENCH_C1_DURATION_S', quick ? 2 : 3, 1, 60);
  const warmupS = boundedInt(env, 'BENCH_WARMUP_S', quick ? 1 : 2, 1, 60);
  const smoke = quick || rounds < 3 || Math.min(durationS, c1DurationS) < 3 || env.BENCH_SMOKE === '1';
  return { rounds, durationS, c1DurationS, warmupS, connections: 50, smoke };
}

/** Seconds of load the run will send, to print before starting. */
export function plannedSeconds(s: BenchSettings, cells: number): number {
  return cells * (s.warmupS + s.rounds * (s.durationS + s.c1DurationS));
}
