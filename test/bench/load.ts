import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  requests: number;
  concurrency: number;
  /** Hard stop, whatever is left. */
  maxSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function post(agent: Agent, spec: LoadSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(spec.url, { method: 'POST', agent, headers: { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}

/** Sends `requests` POSTs over `concurrency` keep-alive connections; bounded by count and by time. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + spec.maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (next < spec.requests && performance.now() < deadline) {
      next += 1;
      const t0 = performance.now();
      try {
        const status = await post(agent, spec);
        if (status !== 200) failures += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
  };
}
