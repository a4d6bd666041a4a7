// `npm run bench`: the gateway's own cost, measured side by side with the upstream it fronts.
// Three processes on loopback: the upstream simulator, the gateway (dist/main.js), and this load generator.
// Rounds alternate "direct to the simulator" and "through the gateway", so a noisy neighbour hits both alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad, type LoadResult } from './load.js';

const ROOT = join(import.meta.dirname, '../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MAX_SECONDS = 60;
const CLIENT_KEY = 'bench-client-key-0123456789';

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${out}`)), 20_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        // From here on the output is drained unread (the gateway logs one line per request, as in production).
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, match });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}:\n${out}`)));
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function row(name: string, r: LoadResult): string {
  return `${name.padEnd(22)} ${r.perSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p90 ${r.p90.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  failures ${r.failures}`;
}

async function main(): Promise<void> {
  const sim = await startProcess([join(ROOT, 'dist-test/simulator/cli.js')], {}, /"url":"(http:\/\/[^"]+)"/);
  const simUrl = sim.match[1]!;
  const gw = await startProcess(
    [join(ROOT, 'dist/main.js')],
    {
      HOST: '127.0.0.1',
      PORT: '0',
      GATEWAY_API_KEYS: CLIENT_KEY,
      OPENAI_API_KEY: 'sk-bench',
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      OPENAI_BASE_URL: `${simUrl}/v1`,
      ANTHROPIC_BASE_URL: simUrl,
      RATE_LIMIT_BURST: '100000000',
      RATE_LIMIT_PER_MINUTE: '1000000000',
    },
    /"port":(\d+)/,
  ).catch(async (error: unknown) => {
    sim.child.kill();
    throw error;
  });
  const gwUrl = `http://127.0.0.1:${gw.match[1]}`;
  const prompt = 'Write a poem about the ocean.';
  const direct = {
    url: `${simUrl}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }], max_completion_tokens: 50 }),
  };
  const viaGateway = {
    url: `${gwUrl}/v1/complete`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
    body: JSON.stringify({ model: 'gpt-4o', prompt, max_tokens: 50 }),
  };
  try {
    // Warm-up: JIT, connection pools.
    await runLoad({ ...viaGateway, requests: 300, concurrency: CONCURRENCY, maxSeconds: MAX_SECONDS });
    await runLoad({ ...direct, requests: 300, concurrency: CONCURRENCY, maxSeconds: MAX_SECONDS });
    const rssBefore = rssMiB(gw.child.pid!);
    console.log(`${ROUNDS} rounds × ${REQUESTS} requests, concurrency ${CONCURRENCY}, loopback, simulator latency 0`);
    const results: { direct: LoadResult[]; gateway: LoadResult[] } = { direct: [], gateway: [] };
    for (let round = 1; round <= ROUNDS; round += 1) {
      const d = await runLoad({ ...direct, requests: REQUESTS, concurrency: CONCURRENCY, maxSeconds: MAX_SECONDS });
      const g = await runLoad({ ...viaGateway, requests: REQUESTS, concurrency: CONCURRENCY, maxSeconds: MAX_SECONDS });
      results.direct.push(d);
      results.gateway.push(g);
      console.log(row(`round ${round} direct`, d));
      console.log(row(`round ${round} via gateway`, g));
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const dP50 = median(results.direct.map((r) => r.p50));
    const gP50 = median(results.gateway.map((r) => r.p50));
    const dRate = median(results.direct.map((r) => r.perSecond));
    const gRate = median(results.gateway.map((r) => r.perSecond));
    console.log(`median p50: direct ${dP50.toFixed(2)} ms, via gateway ${gP50.toFixed(2)} ms (added ${(gP50 - dP50).toFixed(2)} ms)`);
    console.log(`median throughput ratio gateway/direct: ${(gRate / dRate).toFixed(2)}`);
    console.log(`gateway RSS: ${rssBefore.toFixed(0)} MiB after warm-up, ${rssMiB(gw.child.pid!).toFixed(0)} MiB after the rounds`);
  } finally {
    gw.child.kill('SIGTERM');
    sim.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
