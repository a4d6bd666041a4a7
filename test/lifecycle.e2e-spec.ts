import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { CLIENT_KEY, simulatorEnv, startGateway } from './support/gateway-harness.js';

describe('process lifecycle', () => {
  let upstream: UpstreamSimulator;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
  });
  afterAll(() => upstream.stop());

  it('SIGTERM lets an in-flight completion finish, then exits', async () => {
    const gateway = await startGateway({ ...simulatorEnv(upstream.url), SHUTDOWN_GRACE_MS: '5000' });
    upstream.enqueue({ delayMs: 800, text: 'finished anyway' });
    const pending = gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'slow' } });
    await upstream.waitForRequests(1);
    const closing = gateway.close();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { choices: { text: string }[] } }).data.choices[0]?.text).toBe('finished anyway');
    await closing;
  });

  it('a connection that never sends a request does not hold the process past SHUTDOWN_GRACE_MS', async () => {
    const gateway = await startGateway({ SHUTDOWN_GRACE_MS: '300' });
    const socket = connect(gateway.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    const started = Date.now();
    await gateway.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(gateway.logs.some((line) => line.includes('still open after SHUTDOWN_GRACE_MS'))).toBe(true);
    socket.destroy();
  });

  it('a client that leaves before the answer is logged as 499', async () => {
    const gateway = await startGateway(simulatorEnv(upstream.url));
    try {
      upstream.clear();
      upstream.enqueue({ hang: true });
      const body = JSON.stringify({ model: 'gpt-4o', prompt: 'abandoned' });
      const req = httpRequest(`${gateway.url}/v1/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}`, 'content-length': Buffer.byteLength(body), 'x-request-id': 'left-early-1' },
      });
      req.on('error', () => undefined);
      req.end(body);
      await upstream.waitForRequests(1);
      req.destroy();
      await upstream.waitForClientClose(0);
      const deadline = Date.now() + 3000;
      while (!gateway.logs.some((line) => line.includes('"request_id":"left-early-1"')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const line = gateway.logs.find((l) => l.includes('"request_id":"left-early-1"'));
      expect(line && JSON.parse(line)).toMatchObject({ method: 'POST', path: '/v1/complete', status: 499 });
    } finally {
      await gateway.close();
    }
  });
});
