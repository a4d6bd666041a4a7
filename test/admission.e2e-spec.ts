import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { postMcp } from './mcp/mcp-clients.js';
import { CLIENT_KEY, startGateway, type RunningGateway } from './support/gateway-harness.js';

// Authentication runs in a Fastify onRequest hook, before the body is read: a request without a valid key is
// refused at once, whatever its body, and every client (fetch/undici as in the openai and MCP SDKs, curl-like
// node:http) reads the refusal instead of a broken pipe.
const BIG = JSON.stringify({ model: 'gpt-4o', prompt: 'x'.repeat(1024 * 1024) });

interface Envelope {
  success: boolean;
  error?: { code: number; type: string; message: string; request_id: string };
}

/** A POST with node:http, as curl sends it: the whole body, then the answer. */
function postRaw(gateway: RunningGateway, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('admission before the body is read', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    // The body limit is above BIG, so only authentication can refuse it.
    gateway = await startGateway({ MAX_BODY_BYTES: String(2 * 1024 * 1024) });
  });
  afterAll(() => gateway.close());

  it.each([
    ['no key', undefined, 'Missing API key'],
    ['a wrong key', 'Bearer wrong-key-0000000000', 'Invalid API key.'],
  ])('fetch posting 1 MB with %s gets the 401 envelope, not EPIPE', async (_what, authorization, message) => {
    for (let i = 0; i < 3; i++) {
      const response = await gateway.request('/v1/complete', {
        auth: false,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body: BIG,
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as Envelope;
      expect(body).toMatchObject({ success: false, error: { code: 401, type: 'authentication_error', message: expect.stringContaining(message) } });
      expect(body.error!.request_id).toBe(response.headers.get('x-request-id'));
    }
    // The connection pool is still healthy afterwards.
    expect((await gateway.request('/v1/models')).status).toBe(200);
  });

  it('a curl-like client posting 1 MB without a key gets the 401 envelope', async () => {
    const answer = await postRaw(gateway, '/v1/complete', BIG);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ success: false, error: { code: 401, type: 'authentication_error' } });
  });

  it('/mcp refuses 1 MB without a key from fetch with its JSON-RPC 401', async () => {
    const response = await postMcp(gateway.url, BIG, { authorization: null });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: "Missing API key: send 'Authorization: Bearer <key>'." } });
  });

  it('answers without waiting for a body that never comes', async () => {
    // Headers announce 100 kB, no byte of it is sent: only a refusal before reading can answer.
    const started = performance.now();
    const head = await new Promise<string>((resolve, reject) => {
      const socket = connect(gateway.port, '127.0.0.1', () => {
        socket.write('POST /v1/complete HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`no answer; got: ${text}`)), 5000).unref();
    });
    expect(head).toMatch(/^HTTP\/1\.1 401 /);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('with a valid key the same body is read and validated', async () => {
    const response = await gateway.request('/v1/complete', { method: 'POST', headers: { 'content-type': 'application/json' }, body: BIG });
    // Past the model's limits or upstream-unreachable, but not an authentication error: the body was read.
    expect(response.status).not.toBe(401);
    expect(((await response.json()) as Envelope).success).toBe(false);
  });

  it.each(['/health', '/docs', '/docs-json', '/docs-yaml'])('%s needs no key', async (path) => {
    const response = await gateway.request(path, { auth: false });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it('Swagger UI assets need no key', async () => {
    const page = await (await gateway.request('/docs', { auth: false })).text();
    const asset = /src="\.?\/?(?:docs\/)?([^"]+\.js)"/.exec(page)?.[1];
    expect(asset).toBeDefined();
    const response = await gateway.request(`/docs/${asset!}`, { auth: false });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it('an unknown route answers 404 in the envelope without a key, and a wrong method 405', async () => {
    const unknown = await gateway.request('/v1/unknown', { auth: false, method: 'POST', headers: { 'content-type': 'application/json' }, body: BIG });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ success: false, error: { code: 404, type: 'not_found_error' } });
    const wrongMethod = await gateway.request('/v1/complete', { auth: false });
    expect(wrongMethod.status).toBe(405);
    await wrongMethod.arrayBuffer();
  });

  it('a valid key identifies the request for the log line', async () => {
    await gateway.request('/v1/models', { headers: { 'x-request-id': 'admission-log-1' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = gateway.logs.find((entry) => entry.includes('"request_id":"admission-log-1"'));
    expect(JSON.parse(line!)).toMatchObject({ status: 200, key_id: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(line).not.toContain(CLIENT_KEY);
  });
});
