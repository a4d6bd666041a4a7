// `npm run bench:transport`: the measurement behind UPSTREAM_HTTP2's transport choice (README "Resilience"),
// bounded and on loopback only. One TLS upstream (the simulator, 5 ms latency); each transport sends SEQUENTIAL
// requests one after another, then CONCURRENT at once; the simulator counts the connections each one opened.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';
import { simulatorEnv, startGateway } from '../support/gateway-harness.js';
import { makeTestCertificate } from '../transport/test-certificate.js';

const SEQUENTIAL = 300;
const CONCURRENT = 200;
const LATENCY_MS = 5;
const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Row {
  transport: string;
  sequentialMs?: number;
  concurrentMs?: number;
  connections: number;
  error?: string;
}

async function main(): Promise<void> {
  const certificate = makeTestCertificate();
  const upstream = await UpstreamSimulator.start({ tls: certificate, latencyMs: LATENCY_MS });
  const rows: Row[] = [];
  try {
    for (const transport of ['axios-http1-pool', 'axios-http2', 'axios-fetch-adapter']) {
      const before = upstream.connectionCount;
      const { stdout } = await run(
        process.execPath,
        [join(ROOT, 'test/transport/transport-bench.mjs'), upstream.url, String(SEQUENTIAL), String(CONCURRENT), transport],
        { env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: certificate.certPath, BENCH_CA: certificate.cert.toString() }, timeout: 60_000 },
      );
      const result = JSON.parse(stdout) as Omit<Row, 'transport' | 'connections'>;
      rows.push({ transport: `client only: ${transport}`, ...result, connections: upstream.connectionCount - before });
    }
    for (const http2 of ['true', 'false']) {
      const gateway = await startGateway({
        ...simulatorEnv(upstream.url),
        UPSTREAM_CA_FILE: certificate.certPath,
        UPSTREAM_HTTP2: http2,
      });
      try {
        const send = async (): Promise<void> => {
          const response = await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' } });
          if (response.status !== 200) throw new Error(`gateway answered ${response.status}`);
          await response.arrayBuffer();
        };
        await send();
        const before = upstream.connectionCount - 1;
        let started = performance.now();
        for (let i = 0; i < SEQUENTIAL; i += 1) await send();
        const sequentialMs = Math.round(performance.now() - started);
        started = performance.now();
        await Promise.all(Array.from({ length: CONCURRENT }, send));
        const concurrentMs = Math.round(performance.now() - started);
        rows.push({ transport: `gateway, UPSTREAM_HTTP2=${http2}`, sequentialMs, concurrentMs, connections: upstream.connectionCount - before });
      } finally {
        await gateway.close();
      }
    }
  } finally {
    await upstream.stop();
    certificate.remove();
  }
  console.log(`loopback TLS simulator, ${LATENCY_MS} ms latency; ${SEQUENTIAL} sequential, then ${CONCURRENT} concurrent requests`);
  for (const r of rows) {
    console.log(`${r.transport.padEnd(40)} ${r.error ?? `${r.sequentialMs} ms / ${r.concurrentMs} ms, ${r.connections} connections`}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
