// The server's own limits over raw sockets (docs/limits.md): request deadlines (BODY_TIMEOUT_MS,
// HEADERS_TIMEOUT_MS), framing errors and oversized headers in the envelope, the MAX_CONNECTIONS cap, and the
// body deadline on HTTP/2 (h2c).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http2 from 'node:http2';
import { connect, type Socket } from 'node:net';
import { CLIENT_KEY, startGateway, type RunningGateway } from './support/gateway-harness.js';
import { parseRawResponse, rawExchange } from './support/raw-http.js';

const DEADLINE_MS = 1000;
/** The deadline is checked every quarter of itself; a loaded 2-core machine adds its own delay. */
const LATE_MS = 1500;

function expectEnvelope(text: string, status: number, type: string): { message: string } {
  const response = parseRawResponse(text);
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers.connection).toBe('close');
  const body = JSON.parse(response.body) as { success: boolean; error: { code: number; type: string; message: string; request_id: string; param: null } };
  expect(body).toEqual({ success: false, error: { code: status, type, message: expect.any(String), param: null, request_id: response.headers['x-request-id'] } });
  expect(body.error.request_id).toMatch(/^req_[0-9a-f]{32}$/);
  return body.error;
}

const bytes = (text: string): string[] => [...text];

describe('deadlines and framing errors (HTTP/1.1)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ BODY_TIMEOUT_MS: String(DEADLINE_MS) });
  });
  afterAll(() => gateway.close());

  it('closes every connection trickling its headers or its body with a 408 envelope by the deadline', async () => {
    const head = `POST /v1/complete HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer ${CLIENT_KEY}\r\nContent-Type: application/json\r\n`;
    const trickleHeaders = bytes(`${head}Content-Length: 2\r\n\r\n{}`);
    const trickleBody = [`${head}Content-Length: 200\r\n\r\n`, ...bytes(`{"model":"gpt-4o","prompt":"${'x'.repeat(200)}"}`)];
    const exchanges = await Promise.all([
      ...[1, 2, 3].map(() => rawExchange(gateway.port, trickleHeaders, { gapMs: 50 })),
      ...[1, 2, 3].map(() => rawExchange(gateway.port, trickleBody, { gapMs: 50 })),
    ]);
    for (const exchange of exchanges) {
      expect(exchange.error).toBeUndefined();
      const error = expectEnvelope(exchange.text, 408, 'request_timeout');
      expect(error.message).toContain(`${DEADLINE_MS} ms (BODY_TIMEOUT_MS)`);
      expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
      expect(exchange.closedAfterMs).toBeLessThan(DEADLINE_MS + LATE_MS);
    }
    // A client that was already known to Fastify keeps its request id in the 408.
    const known = parseRawResponse((await rawExchange(gateway.port, [`${head}X-Request-Id: slow-body-1\r\nContent-Length: 9\r\n\r\n{`, '"'], { gapMs: 50 })).text);
    expect(known.status).toBe(408);
    expect(known.headers['x-request-id']).toBe('slow-body-1');
    expect((await gateway.request('/v1/models')).status).toBe(200);
  });

  it('leaves an idle keep-alive connection alone past the deadline', async () => {
    const exchange = await rawExchange(gateway.port, 'GET /health HTTP/1.1\r\nHost: gw\r\n\r\n', { giveUpMs: DEADLINE_MS * 2 + 500 });
    expect(exchange.error).toBe('still open: the test gave up');
    expect(parseRawResponse(exchange.text).status).toBe(200);
    // One answer only: no second status line (a 408) after the 200. (Not a plain '408' search: request ids are random hex.)
    expect(exchange.text.match(/^HTTP\/1\.1 \d{3}/gm)).toEqual(['HTTP/1.1 200']);
  });

  it.each([
    ['a bad chunk size', 'POST /v1/complete HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', /chunk size/],
    ['two different Content-Lengths', 'POST /v1/complete HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', /Content-Length/],
    ['a non-numeric Content-Length', 'POST /v1/complete HTTP/1.1\r\nHost: gw\r\nContent-Length: abc\r\n\r\n{}', /Content-Length/],
    ['Content-Length with chunked', 'POST /v1/complete HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', /Content-Length|Transfer-Encoding/],
    ['a malformed request line', 'G(T /v1/models HTTP/1.1\r\nHost: gw\r\n\r\n', /request line|Malformed/],
    ['a bad HTTP version', 'GET /v1/models HTTP/x.y\r\nHost: gw\r\n\r\n', /Malformed/],
  ])('%s → 400 in the envelope, connection closed', async (_what, request, message) => {
    const exchange = await rawExchange(gateway.port, request);
    expect(exchange.error).toBeUndefined();
    expect(expectEnvelope(exchange.text, 400, 'invalid_request_error').message).toMatch(message);
    expect(exchange.closedAfterMs).toBeLessThan(DEADLINE_MS);
  });

  it('oversized headers → 431 in the envelope, connection closed', async () => {
    const exchange = await rawExchange(gateway.port, `GET /v1/models HTTP/1.1\r\nHost: gw\r\nX-Big: ${'a'.repeat(32 * 1024)}\r\n\r\n`);
    expect(expectEnvelope(exchange.text, 431, 'request_header_fields_too_large').message).toMatch(/\d+ bytes/);
    expect((await gateway.request('/v1/models')).status).toBe(200);
  });
});

function openIdle(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('MAX_CONNECTIONS', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ MAX_CONNECTIONS: '3' });
  });
  afterAll(() => gateway.close());

  it('closes connections beyond the cap at once, and serves again when one is freed', async () => {
    const held = await Promise.all([1, 2, 3].map(() => openIdle(gateway.port)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await rawExchange(gateway.port, 'GET /health HTTP/1.1\r\nHost: gw\r\n\r\n', { giveUpMs: 5000 });
    expect(refused.text).toBe('');
    expect(refused.closedAfterMs).toBeLessThan(2000);
    held.pop()!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const served = await rawExchange(gateway.port, 'GET /health HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n');
    expect(parseRawResponse(served.text).status).toBe(200);
    for (const socket of held) socket.destroy();
  });
});

describe('BODY_TIMEOUT_MS on HTTP/2 (h2c)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ HTTP2_CLEARTEXT: 'true', BODY_TIMEOUT_MS: String(DEADLINE_MS) });
  });
  afterAll(() => gateway.close());

  it.each([
    ['/v1/complete', (text: string) => (JSON.parse(text) as { error: { type: string } }).error.type, 'request_timeout'],
    ['/mcp', (text: string) => String((JSON.parse(text) as { jsonrpc: string }).jsonrpc), '2.0'],
  ])('a stream whose body stalls on %s gets 408 and is closed by the deadline', async (path, shape, expected) => {
    const session = http2.connect(`http://127.0.0.1:${gateway.port}`);
    try {
      const started = Date.now();
      const stream = session.request({
        ':method': 'POST',
        ':path': path,
        authorization: `Bearer ${CLIENT_KEY}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      });
      stream.write('{"model":');
      const reply = await new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
        let status = 0;
        let text = '';
        stream.setEncoding('utf8');
        stream.on('response', (headers) => (status = Number(headers[':status'])));
        stream.on('data', (chunk: string) => (text += chunk));
        stream.on('close', () => resolve({ status, text, ms: Date.now() - started }));
        stream.on('error', reject);
      });
      expect(reply.status).toBe(408);
      expect(shape(reply.text)).toBe(expected);
      expect(reply.text).toContain(`${DEADLINE_MS} ms (BODY_TIMEOUT_MS)`);
      expect(reply.ms).toBeLessThan(DEADLINE_MS + LATE_MS);
    } finally {
      session.close();
    }
  });
});
