// The streamed scenario at c=1 (issue 18): one request at a time for the run's length, timing the first body byte
// (the first SSE event: headers alone say nothing about the upstream) and the whole stream. At c=1 the client's
// own cost is small and alike for every target, so this runs in this process.
import { Agent, request } from 'node:http';
import type { LoadSpec } from './load.js';
import { percentile, type RunStats } from './stats.js';
import { ownCpuSeconds } from './cpu.js';

interface Timing {
  status: number;
  ttfbMs: number;
  totalMs: number;
}

function once(agent: Agent, spec: LoadSpec): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    const req = request(spec.url, { method: spec.method, headers: spec.headers, agent }, (res) => {
      let ttfbMs = Number.NaN;
      res.on('data', () => {
        if (Number.isNaN(ttfbMs)) ttfbMs = elapsed();
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ttfbMs, totalMs: elapsed() }));
      res.once('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('stream probe: no answer in 10 s')));
    req.once('error', reject);
    req.end(spec.body);
  });
}

/** Sequential streamed requests for `spec.durationS`: p50/p99 of the whole stream, and the p50 time to first byte. */
export async function probeStream(spec: LoadSpec): Promise<RunStats & { ttfbP50Ms: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ttfb: number[] = [];
  const total: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const cpuBefore = ownCpuSeconds();
  const start = Date.now();
  const end = start + spec.durationS * 1000;
  try {
    while (Date.now() < end) {
      const timing = await once(agent, spec).catch(() => undefined);
      if (timing === undefined) {
        errors += 1;
        continue;
      }
      statusCodes[timing.status] = (statusCodes[timing.status] ?? 0) + 1;
      if (timing.status !== 200) continue;
      ttfb.push(timing.ttfbMs);
      total.push(timing.totalMs);
    }
  } finally {
    agent.destroy();
  }
  const seconds = (Date.now() - start) / 1000;
  const sortedTotal = Float64Array.from(total).sort();
  const non2xx = Object.entries(statusCodes).reduce((n, [code, count]) => (code === '200' ? n : n + count), 0);
  return {
    rps: total.length / seconds,
    p50Ms: percentile(sortedTotal, 50),
    p99Ms: percentile(sortedTotal, 99),
    ttfbP50Ms: percentile(Float64Array.from(ttfb).sort(), 50),
    ok: total.length,
    non2xx,
    statusCodes,
    errors,
    seconds,
    loadCpuPct: (100 * (ownCpuSeconds() - cpuBefore)) / seconds,
  };
}
