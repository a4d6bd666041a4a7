// HTTP/2 to upstreams (README "Resilience"): the gateway multiplexes every request to an h2 upstream over one TLS
// connection, falls back to pooled HTTP/1.1 for upstreams that do not negotiate h2, and trusts UPSTREAM_CA_FILE.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { makeTestCertificate, type TestCertificate } from './transport/test-certificate.js';

const complete = (gateway: RunningGateway, model = 'gpt-4o', prompt = 'hi'): Promise<Response> =>
  gateway.request('/v1/complete', { json: { model, prompt } });

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(responses)).map((response) => response.status);
}

let certificate: TestCertificate;
beforeAll(() => {
  certificate = makeTestCertificate();
});
afterAll(() => certificate.remove());

describe('upstream over HTTP/2 (TLS simulator, UPSTREAM_HTTP2 default on)', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ tls: certificate, openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_CA_FILE: certificate.certPath, UPSTREAM_RETRY_BASE_MS: '10' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });
  beforeEach(() => upstream.clear());

  it('sends many sequential requests, to both providers, over one HTTP/2 connection', async () => {
    for (let i = 0; i < 20; i += 1) {
      const response = await complete(gateway, i % 2 === 0 ? 'gpt-4o' : 'claude', `n${i}`);
      expect(response.status).toBe(200);
    }
    expect(upstream.requests).toHaveLength(20);
    expect(upstream.requests.every((r) => r.httpVersion === '2.0')).toBe(true);
    expect(new Set(upstream.requests.map((r) => r.connectionId)).size).toBe(1);
    expect(upstream.connectionCount).toBe(1);
  });

  it('multiplexes concurrent requests on that same connection', async () => {
    upstream.setDefault({ delayMs: 100 });
    expect(await statuses(Array.from({ length: 30 }, (_, i) => complete(gateway, 'gpt-4o', `c${i}`)))).toEqual(Array(30).fill(200));
    expect(upstream.requests.every((r) => r.httpVersion === '2.0')).toBe(true);
    expect(upstream.connectionCount).toBe(1);
  });

  it('a reset stream is retried on the same session', async () => {
    upstream.enqueue({ reset: true }).enqueue({ text: 'after the reset' });
    const response = await complete(gateway);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-attempts')).toBe('2');
    expect(upstream.connectionCount).toBe(1);
  });

  it('a client disconnect cancels the HTTP/2 stream, and the session lives on', async () => {
    upstream.setDefault({ hang: true });
    const request = http.request(`${gateway.url}/v1/complete`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
    });
    request.on('error', () => undefined);
    request.end(JSON.stringify({ model: 'gpt-4o', prompt: 'hi' }));
    await upstream.waitForRequests(1);
    request.destroy();
    await upstream.waitForClientClose(0);
    upstream.clear();
    expect((await complete(gateway)).status).toBe(200);
    expect(upstream.connectionCount).toBe(1);
  });
});

describe('upstream over pooled HTTP/1.1 with TLS (UPSTREAM_HTTP2=false)', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ tls: certificate });
    gateway = await startGateway({ ...simulatorEnv(upstream.url), UPSTREAM_CA_FILE: certificate.certPath, UPSTREAM_HTTP2: 'false' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  it('reuses one TLS connection for sequential requests and at most N for N concurrent ones', async () => {
    for (let i = 0; i < 10; i += 1) expect((await complete(gateway)).status).toBe(200);
    expect(upstream.requests.every((r) => r.httpVersion === '1.1')).toBe(true);
    expect(upstream.connectionCount).toBe(1);
    upstream.setDefault({ delayMs: 100 });
    expect(await statuses(Array.from({ length: 6 }, () => complete(gateway)))).toEqual(Array(6).fill(200));
    expect(upstream.connectionCount).toBeLessThanOrEqual(6);
  });
});

describe('an https upstream that only speaks HTTP/1.1', () => {
  let upstream: UpstreamSimulator;
  let front: https.Server;
  let frontUrl: string;
  const protocols: (string | false | null)[] = [];
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start();
    // An HTTP/1.1-only TLS front (like many reverse proxies) forwarding to the plain simulator.
    front = https.createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
      const forward = http.request(`${upstream.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    front.on('secureConnection', (socket: TLSSocket) => protocols.push(socket.alpnProtocol));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    frontUrl = `https://127.0.0.1:${(front.address() as { port: number }).port}`;
    gateway = await startGateway({ ...simulatorEnv(frontUrl), UPSTREAM_CA_FILE: certificate.certPath });
  });
  afterAll(async () => {
    await gateway?.close();
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await upstream?.stop();
  });

  it('is detected by ALPN and served over pooled HTTP/1.1, without counting a retry', async () => {
    const first = await complete(gateway);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-gateway-attempts')).toBe('1');
    for (let i = 0; i < 5; i += 1) expect((await complete(gateway)).status).toBe(200);
    // One handshake that offered h2 and got http/1.1; that connection then serves everything, pooled.
    expect(protocols).toEqual(['http/1.1']);
    expect(upstream.requests).toHaveLength(6);
    expect(gateway.logs.join('\n')).toContain('does not speak HTTP/2');
  });
});

describe('upstream TLS trust', () => {
  let upstream: UpstreamSimulator;
  afterEach(async () => upstream?.stop());

  it('without UPSTREAM_CA_FILE an unknown CA is refused with a 502, not retried', async () => {
    upstream = await UpstreamSimulator.start({ tls: certificate });
    const gateway = await startGateway({ ...simulatorEnv(upstream.url) });
    try {
      const response = await complete(gateway);
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status).toBe(502);
      expect(body.error.message).toBe('OpenAI could not be reached (its TLS certificate is not trusted).');
      expect(response.headers.get('x-gateway-attempts')).toBe('1');
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await gateway.close();
    }
  });

  it('NODE_EXTRA_CA_CERTS works as well', async () => {
    upstream = await UpstreamSimulator.start({ tls: certificate });
    const gateway = await startGateway({ ...simulatorEnv(upstream.url), NODE_EXTRA_CA_CERTS: certificate.certPath });
    try {
      expect((await complete(gateway)).status).toBe(200);
      expect(upstream.requests[0]?.httpVersion).toBe('2.0');
    } finally {
      await gateway.close();
    }
  });
});
