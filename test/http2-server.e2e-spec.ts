// The gateway's own server over HTTP/2 (README "Resilience"): TLS with ALPN (h2 and HTTP/1.1 on one port), and
// cleartext h2c with prior knowledge.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import http2 from 'node:http2';
import https from 'node:https';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { CLIENT_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { makeTestCertificate, type TestCertificate } from './transport/test-certificate.js';

interface H2Reply {
  status: number;
  headers: http2.IncomingHttpHeaders;
  json: { success: boolean; data?: Record<string, unknown>; error?: { code: number } };
}

function h2Request(session: http2.ClientHttp2Session, method: string, path: string, body?: unknown, auth = true): Promise<H2Reply> {
  return new Promise((resolve, reject) => {
    const headers: http2.OutgoingHttpHeaders = { ':method': method, ':path': path };
    if (auth) headers.authorization = `Bearer ${CLIENT_KEY}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const stream = session.request(headers);
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (h) => (responseHeaders = h));
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, json: JSON.parse(text) as H2Reply['json'] }));
    stream.on('error', reject);
    stream.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function connect(url: string, options: http2.SecureClientSessionOptions = {}): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url, options);
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

let upstream: UpstreamSimulator;
beforeAll(async () => {
  upstream = await UpstreamSimulator.start();
});
afterAll(async () => upstream.stop());
beforeEach(() => upstream.clear());

describe('TLS_CERT_FILE + TLS_KEY_FILE: HTTP/2 with HTTP/1.1 fallback on one port', () => {
  let certificate: TestCertificate;
  let gateway: RunningGateway;
  let url: string;

  beforeAll(async () => {
    certificate = makeTestCertificate();
    gateway = await startGateway({ ...simulatorEnv(upstream.url), TLS_CERT_FILE: certificate.certPath, TLS_KEY_FILE: certificate.keyPath });
    url = `https://127.0.0.1:${gateway.port}`;
  });
  afterAll(async () => {
    await gateway?.close();
    certificate.remove();
  });

  it('announces the https URL', () => {
    expect(gateway.logs.join('\n')).toContain(`Gateway listening on https://127.0.0.1:${gateway.port}`);
  });

  it('serves an HTTP/2 client (ALPN h2): models, completions, errors in the envelope', async () => {
    const session = await connect(url, { ca: certificate.cert });
    try {
      expect(session.alpnProtocol).toBe('h2');
      const models = await h2Request(session, 'GET', '/v1/models');
      expect(models.status).toBe(200);
      expect(models.json.success).toBe(true);
      const [completion, unauthorized] = await Promise.all([
        h2Request(session, 'POST', '/v1/complete', { model: 'gpt-4o', prompt: 'hi over h2' }),
        h2Request(session, 'GET', '/v1/models', undefined, false),
      ]);
      expect(completion.status).toBe(200);
      expect(completion.json.data).toMatchObject({ model: 'gpt-4o', served_by: 'gpt-4o' });
      expect(completion.headers['x-gateway-attempts']).toBe('1');
      expect(completion.headers['x-request-id']).toMatch(/^req_/);
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.json).toMatchObject({ success: false, error: { code: 401 } });
    } finally {
      session.close();
    }
  });

  it('serves an HTTP/1.1 client on the same port', async () => {
    const reply = await new Promise<{ status: number; version: string; body: string }>((resolve, reject) => {
      const request = https.request(
        `${url}/v1/complete`,
        { method: 'POST', ca: certificate.cert, agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, version: response.httpVersion, body }));
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ model: 'gpt-4o', prompt: 'hi over 1.1' }));
    });
    expect(reply.status).toBe(200);
    expect(reply.version).toBe('1.1');
    expect(JSON.parse(reply.body)).toMatchObject({ success: true, data: { model: 'gpt-4o' } });
  });

  it('an HTTP/2 client that cancels its stream cancels the upstream request', async () => {
    upstream.setDefault({ hang: true });
    const session = await connect(url, { ca: certificate.cert });
    session.on('error', () => undefined);
    try {
      const stream = session.request({ ':method': 'POST', ':path': '/v1/complete', authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' });
      stream.on('error', () => undefined);
      stream.end(JSON.stringify({ model: 'gpt-4o', prompt: 'hi' }));
      await upstream.waitForRequests(1);
      stream.close(http2.constants.NGHTTP2_CANCEL);
      await upstream.waitForClientClose(0);
    } finally {
      session.close();
    }
  });
});

describe('HTTP2_CLEARTEXT=true: h2c with prior knowledge', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ ...simulatorEnv(upstream.url), HTTP2_CLEARTEXT: 'true' });
  });
  afterAll(async () => gateway?.close());

  it('serves an HTTP/2 client over cleartext', async () => {
    const session = await connect(`http://127.0.0.1:${gateway.port}`);
    try {
      const [models, completion] = await Promise.all([
        h2Request(session, 'GET', '/v1/models'),
        h2Request(session, 'POST', '/v1/complete', { model: 'claude', prompt: 'hi over h2c' }),
      ]);
      expect(models.status).toBe(200);
      expect(completion.status).toBe(200);
      expect(completion.json.data).toMatchObject({ model: 'claude', served_by: 'claude' });
    } finally {
      session.close();
    }
  });

  it('streams over HTTP/2, and a stream reset mid-way ends the upstream stream', async () => {
    const session = await connect(`http://127.0.0.1:${gateway.port}`);
    session.on('error', () => undefined);
    const open = (): http2.ClientHttp2Stream => {
      const stream = session.request({ ':method': 'POST', ':path': '/v1/complete', authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' });
      stream.on('error', () => undefined);
      stream.setEncoding('utf8');
      stream.end(JSON.stringify({ model: 'gpt-4o', prompt: 'hi', stream: true }));
      return stream;
    };
    try {
      upstream.enqueue({ streamChunks: ['over ', 'h2'] });
      const whole = open();
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) => whole.once('response', resolve));
      let text = '';
      whole.on('data', (chunk: string) => (text += chunk));
      await new Promise((resolve) => whole.once('end', resolve));
      expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(headers['x-accel-buffering']).toBe('no');
      expect(text).toContain('"text":"over "');
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);

      upstream.clear();
      upstream.enqueue({ streamChunks: ['first ', 'never'], streamFault: { afterPieces: 1, kind: 'stall' } });
      const cut = open();
      await new Promise((resolve) => cut.once('data', resolve));
      cut.close(http2.constants.NGHTTP2_CANCEL);
      await upstream.waitForClientClose(0);
    } finally {
      session.close();
    }
  });
});
