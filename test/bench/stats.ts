// The benchmark's arithmetic, free of I/O so stats.spec.ts can pin it down.

/** What one load run (one target, one scenario, one concurrency) measured. */
export interface RunStats {
  /** 2xx responses per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** 2xx responses. */
  ok: number;
  /** Responses with any other status, by status code. */
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Socket errors and timeouts (autocannon counts timeouts among errors). */
  errors: number;
  seconds: number;
  /** The load generator's own CPU over the run, in % of one core (wrk's, or this process's with autocannon). */
  loadCpuPct: number;
  /** Streamed scenarios at c=1: the median time to the first body byte (the first event). */
  ttfbP50Ms?: number;
}

/** One round of one cell (target × scenario): the c=50 run, the c=1 run, and the target's RSS right after. */
export interface RoundStats {
  c50: RunStats;
  c1: RunStats;
  rssMB: number;
}

/** A cell's summary over its rounds: medians, except RSS (the largest reading, the one a memory budget meets). */
export interface CellSummary {
  c50Rps: number;
  c50P50Ms: number;
  c50P99Ms: number;
  c1P50Ms: number;
  /** Streamed scenarios: median time to first byte at c=1; NaN (null in JSON) for the others. */
  c1TtfbMs: number;
  rssMB: number;
  /** The load generator's CPU during the c=50 runs, % of one core (median): read it beside every ratio. */
  loadCpuPct: number;
}

/** Each summary value divided by the bare reference's from the same run; null when the reference is 0 or NaN. */
export type CellRatios = { [K in keyof CellSummary]: number | null };

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of values sorted ascending; NaN for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ratio(value: number, reference: number): number | null {
  return Number.isFinite(value) && Number.isFinite(reference) && reference > 0 ? value / reference : null;
}

export function summarize(rounds: readonly RoundStats[]): CellSummary {
  return {
    c50Rps: median(rounds.map((r) => r.c50.rps)),
    c50P50Ms: median(rounds.map((r) => r.c50.p50Ms)),
    c50P99Ms: median(rounds.map((r) => r.c50.p99Ms)),
    c1P50Ms: median(rounds.map((r) => r.c1.p50Ms)),
    c1TtfbMs: median(rounds.map((r) => r.c1.ttfbP50Ms ?? Number.NaN)),
    rssMB: Math.max(...rounds.map((r) => r.rssMB)),
    loadCpuPct: median(rounds.map((r) => r.c50.loadCpuPct)),
  };
}

export function ratios(cell: CellSummary, bare: CellSummary): CellRatios {
  const out = {} as CellRatios;
  for (const key of Object.keys(cell) as (keyof CellSummary)[]) out[key] = ratio(cell[key], bare[key]);
  return out;
}

/** Everything that was not a 2xx answer, over every run of the cell: a benchmark of errors measures nothing. */
export function failures(rounds: readonly RoundStats[]): { non2xx: number; errors: number; statusCodes: Record<string, number> } {
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  for (const run of rounds.flatMap((r) => [r.c50, r.c1])) {
    non2xx += run.non2xx;
    errors += run.errors;
    for (const [code, count] of Object.entries(run.statusCodes)) {
      if (!code.startsWith('2')) statusCodes[code] = (statusCodes[code] ?? 0) + count;
    }
  }
  return { non2xx, errors, statusCodes };
}
