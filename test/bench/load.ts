// One bounded load run, by wrk (wrk.ts) or, when wrk is missing or BENCH_LOADGEN=autocannon, by autocannon in
// this process. autocannon's own latency histogram has 1 ms resolution, too coarse for a sub-millisecond c=1 p50,
// so its latencies are taken from its per-response event (hrtime, fractional ms) instead.
import autocannon from 'autocannon';
import { ownCpuSeconds } from './cpu.js';
import { percentile, type RunStats } from './stats.js';
import { findWrk, runWrk } from './wrk.js';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
}

export interface LoadGenerator {
  name: 'wrk' | 'autocannon';
  /** How it was found (or why the fallback), printed at the start and kept in the results. */
  note: string;
  run(spec: LoadSpec): Promise<RunStats>;
}

/** Per-request timeout: far above any healthy latency here, so a stall shows up as an error, not as a hang. */
const REQUEST_TIMEOUT_S = 10;

export function chooseLoadGenerator(env: NodeJS.ProcessEnv): LoadGenerator {
  if (env.BENCH_LOADGEN === 'autocannon') return { name: 'autocannon', note: 'autocannon (BENCH_LOADGEN=autocannon)', run: runAutocannon };
  const wrk = findWrk();
  if (wrk.path !== undefined) {
    const path = wrk.path;
    return { name: 'wrk', note: wrk.note, run: (spec) => runWrk(path, spec) };
  }
  return { name: 'autocannon', note: `${wrk.note}: falling back to autocannon, in this process (its CPU share is in every row)`, run: runAutocannon };
}

export function runAutocannon(spec: LoadSpec): Promise<RunStats> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const cpuBefore = ownCpuSeconds();
  return new Promise<RunStats>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections,
        duration: spec.durationS,
        pipelining: 1,
        timeout: REQUEST_TIMEOUT_S,
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const sorted = Float64Array.from(latencies).sort();
        const ok = result['2xx'];
        resolve({
          rps: result.duration > 0 ? ok / result.duration : 0,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          ok,
          non2xx: result.non2xx,
          statusCodes,
          errors: result.errors,
          seconds: result.duration,
          loadCpuPct: result.duration > 0 ? (100 * (ownCpuSeconds() - cpuBefore)) / result.duration : 0,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}
