// The measurement behind UPSTREAM_HTTP2's transport choice (README "Resilience"), bounded and on loopback only.
// Skipped in the normal run; reproduce with:
//   npm run build && MEASURE_TRANSPORT=1 npm run test:only -- test/http2-measure.e2e-spec.ts
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { simulatorEnv, startGateway } from './support/gateway-harness.js';
import { makeTestCertificate, type TestCertificate } from './transport/test-certificate.js';

const SEQUENTIAL = 300;
const CONCURRENT = 200;
const LATENCY_MS = 5;
const run = promisify(execFile);
const maybe = process.env.MEASURE_TRANSPORT === '1' ? describe : describe.skip;

interface Row {
  transport: string;
  sequentialMs?: number;
  concurrentMs?: number;
  connections: number;
  error?: string;
}

maybe('upstream transport measurement', () => {
  let certificate: TestCertificate;
  let upstream: UpstreamSimulator;
  const rows: Row[] = [];

  beforeAll(async () => {
    certificate = makeTestCertificate();
    upstream = await UpstreamSimulator.start({ tls: certificate, latencyMs: LATENCY_MS });
  });
  afterAll(async () => {
    await upstream?.stop();
    certificate?.remove();
    console.log(
      `loopback TLS simulator, ${LATENCY_MS} ms latency; ${SEQUENTIAL} sequential, then ${CONCURRENT} concurrent requests\n`
        + rows.map((r) => `${r.transport.padEnd(34)} ${r.error ?? `${r.sequentialMs} ms / ${r.concurrentMs} ms, ${r.connections} connections`}`).join('\n'),
    );
  });

  it.each(['axios-http1-pool', 'axios-http2', 'axios-fetch-adapter'])('client only: %s', async (transport) => {
    const before = upstream.connectionCount;
    const { stdout } = await run(
      process.execPath,
      [join(import.meta.dirname, 'transport/transport-bench.mjs'), upstream.url, String(SEQUENTIAL), String(CONCURRENT), transport],
      { env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: certificate.certPath, BENCH_CA: certificate.cert.toString() }, timeout: 60_000 },
    );
    const result = JSON.parse(stdout) as Omit<Row, 'transport' | 'connections'>;
    rows.push({ transport, ...result, connections: upstream.connectionCount - before });
    expect(result.error).toBeUndefined();
  }, 90_000);

  it.each([
    ['gateway, UPSTREAM_HTTP2=true', 'true'],
    ['gateway, UPSTREAM_HTTP2=false', 'false'],
  ])('end to end: %s', async (transport, http2) => {
    const gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_CA_FILE: certificate.certPath, UPSTREAM_HTTP2: http2 });
    try {
      const send = async (): Promise<void> => {
        const response = await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' } });
        expect(response.status).toBe(200);
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
      rows.push({ transport, sequentialMs, concurrentMs, connections: upstream.connectionCount - before });
    } finally {
      await gateway.close();
    }
  }, 90_000);
});
