import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as http2Connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { freePort, requestFrom, requestLine, requestLines } from './support/from-address.js';
import { nginxAvailable, NGINX, startNginx, type RunningNginx } from './support/nginx-proxy.js';
import { readSse, streamedText } from './support/sse-client.js';

// deploy/nginx/templates, rendered as the nginx image would, run by Debian's nginx in front of two real gateway
// processes sharing one Redis: the configuration docker-compose.yml deploys, proven on loopback.
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-nginx-${randomUUID()}:`;
const BURST_KEY = 'burst-client-key-0123456789';
const MAX_BODY_BYTES = 65_536;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const describeWithNginx = nginxAvailable() ? describe : describe.skip;
if (!nginxAvailable()) {
  // Named, so a skipped run says why; .ci/run installs Debian's nginx, so CI never skips.
  it.todo(`nginx proxy suite skipped: no nginx binary at ${NGINX} (apt-get install nginx, or set NGINX_BIN)`);
}

describeWithNginx('nginx in front of two gateway replicas (deploy/nginx/templates)', () => {
  let upstream: UpstreamSimulator;
  let replicas: RunningGateway[];
  let proxy: RunningNginx;
  const served = (path: string): number[] => replicas.map((gateway) => requestLines(gateway.logs).filter((line) => line.path === path).length);
  /** Requests to `path` each replica logged since `before`, once `total` lines arrived (loggers are asynchronous). */
  async function servedSince(before: number[], path: string, total: number): Promise<number[]> {
    for (let i = 0; i < 40; i++) {
      const delta = served(path).map((count, index) => count - before[index]!);
      if (delta.reduce((sum, count) => sum + count, 0) >= total || i === 39) return delta;
      await sleep(25);
    }
    return [];
  }

  beforeAll(async () => {
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    const env = {
      ...simulatorEnv(upstream.url),
      REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      GATEWAY_API_KEYS: `${CLIENT_KEY},${BURST_KEY}`,
      // The client key is practically unlimited (the harness's default); the burst key has a burst of 10 in 30 s.
      RATE_LIMIT_BURST_WINDOW_MS: '30000',
      RATE_LIMIT_OVERRIDES: `sha256:${createHash('sha256').update(BURST_KEY).digest('hex')}=1000/10`,
      AUTH_FAILURE_LIMIT: '3',
      TRUST_PROXY: '127.0.0.1',
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      MCP_PROGRESS_INTERVAL_MS: '100',
      UPSTREAM_MAX_RETRIES: '0',
    };
    replicas = await Promise.all([startGateway(env), startGateway(env)]);
    proxy = await startNginx({
      GATEWAY_UPSTREAM_1: `127.0.0.1:${replicas[0]!.port}`,
      GATEWAY_UPSTREAM_2: `127.0.0.1:${replicas[1]!.port}`,
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      PROXY_PORT: String(await freePort()),
      GATEWAY_TLS: 'off',
    });
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all((replicas ?? []).map((gateway) => gateway.close()));
    await upstream?.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const get = (path: string, key = CLIENT_KEY) => fetch(`${proxy.url}${path}`, { headers: bearer(key) });

  it('spreads requests over both replicas', async () => {
    const before = served('/v1/models');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await get('/v1/models')).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const delta = await servedSince(before, '/v1/models', 20);
    expect(delta[0]! + delta[1]!).toBe(20);
    expect(Math.min(...delta)).toBeGreaterThanOrEqual(5);
  });

  it('holds the shared rate limit across both: a burst of 10, then 429 whichever replica answers', async () => {
    const before = served('/v1/models');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await get('/v1/models', BURST_KEY)).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const delta = await servedSince(before, '/v1/models', 11);
    expect(delta[0]! + delta[1]!).toBe(11);
    expect(delta.every((count) => count > 0)).toBe(true);
  });

  it('passes the client address on: X-Forwarded-For from nginx is believed (TRUST_PROXY), a forged one is not', async () => {
    const from = (client: string, headers: Record<string, string>) =>
      requestFrom(proxy.port, client, '/v1/models', { headers: { 'x-forwarded-for': '203.0.113.77', ...headers } });
    const wrong = (i: number) => bearer(`wrong-guess-${i}-0000000000`);
    // 127.0.0.2 spends its failed-authentication budget (3) whatever address it forges ...
    for (let i = 0; i < 3; i++) expect((await from('127.0.0.2', wrong(i))).status).toBe(401);
    expect((await from('127.0.0.2', wrong(3))).status).toBe(429);
    // ... on both replicas (Redis), while 127.0.0.3 behind the same proxy keeps its own.
    expect((await from('127.0.0.3', wrong(4))).status).toBe(401);
    const ok = await from('127.0.0.3', { ...bearer(CLIENT_KEY), 'x-request-id': 'nginx-client-address' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('nginx-client-address');
    const lines = await Promise.all(replicas.map((gateway) => requestLine(gateway.logs, 'nginx-client-address')));
    expect(lines.flatMap((line) => (line ? [line.client_ip] : []))).toEqual(['127.0.0.3']);
  });

  it('refuses a body over MAX_BODY_BYTES itself, in the envelope, and lets one at the limit through', async () => {
    // A body of exactly `bytes` bytes: the envelope of an empty prompt, padded.
    const post = (bytes: number, base = proxy.url) =>
      fetch(`${base}/v1/complete`, {
        method: 'POST',
        headers: { ...bearer(CLIENT_KEY), 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', prompt: 'x'.repeat(bytes - JSON.stringify({ model: 'gpt-4o', prompt: '' }).length) }),
      });
    const tooLarge = await post(MAX_BODY_BYTES + 1);
    expect(tooLarge.status).toBe(413);
    const body = (await tooLarge.json()) as { success: boolean; error: { type: string; message: string; request_id: string } };
    expect(body.success).toBe(false);
    expect(body.error.type).toBe('payload_too_large');
    // Word for word what a replica says itself.
    const direct = (await (await post(MAX_BODY_BYTES + 1, replicas[1]!.url)).json()) as { error: { message: string } };
    expect(body.error.message).toBe(direct.error.message);
    expect(body.error.message).toContain(`${MAX_BODY_BYTES} bytes`);
    expect(tooLarge.headers.get('x-request-id')).toBe(body.error.request_id);
    // Exactly at the limit nginx passes it on; the gateway's own limit is the same, so it is served.
    expect((await post(MAX_BODY_BYTES)).status).toBe(200);
  });

  it('passes an MCP event stream through unbuffered: progress events arrive while the completion still runs', async () => {
    upstream.enqueue({ text: 'slow answer', delayMs: 1500 });
    const started = performance.now();
    const response = await fetch(`${proxy.url}/mcp`, {
      method: 'POST',
      headers: {
        ...bearer(CLIENT_KEY),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'complete', arguments: { model: 'gpt-4o', prompt: 'take your time' }, _meta: { progressToken: 'p1' } },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const arrivals: { ms: number; text: string }[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) arrivals.push({ ms: performance.now() - started, text: decoder.decode(chunk as Uint8Array) });
    const firstProgress = arrivals.find((arrival) => arrival.text.includes('notifications/progress'));
    const result = arrivals.find((arrival) => arrival.text.includes('slow answer'));
    expect(firstProgress).toBeDefined();
    expect(result).toBeDefined();
    // Held back anywhere (nginx buffering a slow reader's share, a cache, compression), everything would arrive
    // together after the upstream's 1.5 s. The MCP SDK marks its streams X-Accel-Buffering: no, which the template
    // honours; proxy_buffering off covers streams that do not say so.
    expect(result!.ms - firstProgress!.ms).toBeGreaterThan(1000);
  });

  it('streams POST /v1/complete with "stream": true unbuffered: the first event arrives long before the upstream finished', async () => {
    const pieces = ['first ', 'second ', 'third ', 'fourth ', 'fifth'];
    upstream.enqueue({ streamChunks: pieces, chunkDelayMs: 400 });
    const started = Date.now();
    const response = await fetch(`${proxy.url}/v1/complete`, {
      method: 'POST',
      headers: { ...bearer(CLIENT_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', prompt: 'take your time', stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBeNull();
    const items = await readSse(response);
    const events = items.filter((item) => item.kind === 'data');
    expect(streamedText(items)).toBe(pieces.join(''));
    expect(events.at(-1)?.text).toBe('[DONE]');
    // The upstream takes at least 8 × 400 ms; buffered by nginx, every event would arrive together at its end.
    const first = events[0]!.at - started;
    const last = events.at(-1)!.at - started;
    expect(last - first).toBeGreaterThanOrEqual(2400);
    expect(first).toBeLessThan(last / 2);
  });

  it('keeps /metrics off the public listener unless the replicas require METRICS_TOKEN (METRICS_PROXIED=on)', async () => {
    // The replicas here have no METRICS_TOKEN: each serves /metrics to whoever reaches it directly ...
    expect((await fetch(`${replicas[0]!.url}/metrics`)).status).toBe(200);
    // ... but through the proxy nginx answers 404 itself, in the envelope, whatever the spelling.
    for (const path of ['/metrics', '/metrics?x=1', '/METRICS', '//metrics/', '/%6detrics']) {
      const response = await fetch(`${proxy.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      const body = (await response.json()) as { error: { type: string; message: string; request_id: string } };
      expect(body.error).toMatchObject({ type: 'not_found_error', message: expect.stringContaining('METRICS_TOKEN') });
      expect(response.headers.get('x-request-id')).toBe(body.error.request_id);
    }
    // Everything else still passes.
    expect((await fetch(`${proxy.url}/health/live`)).status).toBe(200);
    // Compose sets METRICS_PROXIED=on exactly when METRICS_TOKEN is set; then the replica's own answer passes.
    const open = await startNginx({
      GATEWAY_UPSTREAM_1: `127.0.0.1:${replicas[0]!.port}`,
      GATEWAY_UPSTREAM_2: `127.0.0.1:${replicas[1]!.port}`,
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      PROXY_PORT: String(await freePort()),
      METRICS_PROXIED: 'on',
    });
    try {
      const response = await fetch(`${open.url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE');
    } finally {
      await open.stop();
    }
  });

  // The certificate is made with the openssl CLI (.ci/run installs it); without it this case is skipped by name.
  const itWithOpenssl = spawnSync('openssl', ['version']).status === 0 ? it : it.skip;
  itWithOpenssl('serves HTTP/2 over TLS on the same port when GATEWAY_TLS=true (any boolean spelling) and a certificate is mounted (needs openssl)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-tls-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'), '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    const tls = await startNginx(
      { GATEWAY_UPSTREAM_1: `127.0.0.1:${replicas[0]!.port}`, GATEWAY_UPSTREAM_2: `127.0.0.1:${replicas[1]!.port}`, MAX_BODY_BYTES: String(MAX_BODY_BYTES), PROXY_PORT: String(await freePort()), GATEWAY_TLS: 'true' },
      { 'tls/tls.crt': readFileSync(join(dir, 'tls.crt'), 'utf8'), 'tls/tls.key': readFileSync(join(dir, 'tls.key'), 'utf8') },
    );
    rmSync(dir, { recursive: true, force: true });
    try {
      const session = http2Connect(`https://127.0.0.1:${tls.port}`, { rejectUnauthorized: false });
      const { status, body, alpn } = await new Promise<{ status: number; body: string; alpn: string | false | undefined }>((resolve, reject) => {
        session.once('error', reject);
        const stream = session.request({ ':path': '/v1/models', ...bearer(CLIENT_KEY) });
        let text = '';
        let code = 0;
        stream.on('response', (headers) => (code = Number(headers[':status'])));
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (text += chunk));
        stream.on('end', () => resolve({ status: code, body: text, alpn: session.alpnProtocol }));
        stream.on('error', reject);
      });
      session.close();
      expect(alpn).toBe('h2');
      expect(status).toBe(200);
      expect(body).toContain('"success":true');
    } finally {
      await tls.stop();
    }
  });

  it('keeps serving when one replica is stopped mid-run: no 5xx for GET /v1/models, POSTs move to the other', async () => {
    const statuses: number[] = [];
    const deadline = performance.now() + 3000;
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) statuses.push((await get('/v1/models')).status);
    };
    const load = Promise.all([worker(), worker(), worker()]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await replicas[0]!.close(); // SIGTERM, and waits for the process to exit
    await load;
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    // A POST to the stopped replica's address is refused before it is sent, so nginx moves it too.
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${proxy.url}/v1/complete`, {
        method: 'POST',
        headers: { ...bearer(CLIENT_KEY), 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', prompt: 'still there?' }),
      });
      expect(response.status).toBe(200);
    }
  });

  it('answers in the envelope when no replica is reachable', async () => {
    await replicas[1]!.close();
    const response = await get('/v1/models');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    const body = (await response.json()) as { success: boolean; error: { type: string; request_id: string } };
    expect(body).toMatchObject({ success: false, error: { type: 'service_unavailable' } });
    expect(response.headers.get('x-request-id')).toBe(body.error.request_id);
  });
});
