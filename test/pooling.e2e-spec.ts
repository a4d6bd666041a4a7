// Keep-alive pooling of HTTP/1.1 upstream connections (README "Resilience"): sockets are reused across requests,
// and UPSTREAM_MAX_SOCKETS bounds how many one origin gets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

const complete = (gateway: RunningGateway, prompt = 'hi'): Promise<Response> =>
  gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt } });

async function statuses(count: number, gateway: RunningGateway): Promise<number[]> {
  return (await Promise.all(Array.from({ length: count }, (_, i) => complete(gateway, `c${i}`)))).map((r) => r.status);
}

describe('pooled HTTP/1.1 upstream connections (default UPSTREAM_MAX_SOCKETS)', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    gateway = await startGateway(simulatorEnv(upstream.url));
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());

  it('many sequential requests use one connection', async () => {
    const before = upstream.connectionCount;
    for (let i = 0; i < 25; i += 1) expect((await complete(gateway, `s${i}`)).status).toBe(200);
    expect(upstream.requests.every((r) => r.httpVersion === '1.1')).toBe(true);
    expect(upstream.connectionCount - before).toBeLessThanOrEqual(1);
    expect(new Set(upstream.requests.map((r) => r.connectionId)).size).toBe(1);
  });

  it('N concurrent requests use at most N connections, and the next wave reuses them', async () => {
    upstream.setDefault({ delayMs: 150 });
    const before = upstream.connectionCount;
    expect(await statuses(8, gateway)).toEqual(Array(8).fill(200));
    const afterFirstWave = upstream.connectionCount;
    expect(afterFirstWave - before).toBeLessThanOrEqual(8);
    expect(await statuses(8, gateway)).toEqual(Array(8).fill(200));
    expect(upstream.connectionCount).toBe(afterFirstWave);
  });
});

describe('UPSTREAM_MAX_SOCKETS bounds the pool', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_MAX_SOCKETS: '2' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  it('6 concurrent requests share 2 sockets, queued rather than refused', async () => {
    upstream.setDefault({ delayMs: 200 });
    const started = Date.now();
    expect(await statuses(6, gateway)).toEqual(Array(6).fill(200));
    expect(upstream.connectionCount).toBe(2);
    // Three rounds of two.
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });
});
