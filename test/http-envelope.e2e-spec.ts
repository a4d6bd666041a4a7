import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { startGateway, type RunningGateway } from './support/gateway-harness.js';

interface ErrorEnvelope {
  success: false;
  error: { code: number; message: string; type: string; param: string | null; request_id: string };
}

async function expectEnvelope(response: Response, status: number, type: string): Promise<ErrorEnvelope> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorEnvelope;
  expect(body).toEqual({
    success: false,
    error: { code: status, message: expect.any(String), type, param: null, request_id: response.headers.get('x-request-id') },
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat \/|node_modules|\.ts:\d+/); // no stack trace
  return body;
}

describe('every response is in the envelope, framework errors included', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ MAX_BODY_BYTES: '2048' });
  });
  afterAll(() => gateway.close());

  it('GET /health needs no key, is not cached, and does not count as a failed authentication', async () => {
    // More probes than AUTH_FAILURE_LIMIT (20): were they counted, the wrong key below would get 429, not 401.
    for (let i = 0; i < 25; i += 1) {
      const response = await gateway.request('/health', { auth: false });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      expect(await response.json()).toEqual({
        success: true,
        data: {
          status: 'ok',
          uptime_seconds: expect.any(Number),
          rate_limit: { store: 'memory', fail_mode: 'open', store_down: false, store_failures: 0, admitted_unchecked: 0, refused_unavailable: 0, outages: 0 },
        },
      });
    }
    expect((await gateway.request('/v1/models', { headers: { authorization: 'Bearer wrong-key-000' } })).status).toBe(401);
  });

  it('unknown route → 404', async () => {
    const body = await expectEnvelope(await gateway.request('/v1/nothing'), 404, 'not_found_error');
    expect(body.error.message).toBe('No route for GET /v1/nothing.');
  });

  it('unknown route without a key → 404 all the same (nothing to protect)', async () => {
    await expectEnvelope(await gateway.request('/v2/complete', { auth: false }), 404, 'not_found_error');
  });

  it('wrong method → 405 with Allow', async () => {
    const response = await gateway.request('/v1/complete');
    expect(response.headers.get('allow')).toBe('POST');
    await expectEnvelope(response, 405, 'method_not_allowed');
    const del = await gateway.request('/v1/models', { method: 'DELETE' });
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    await expectEnvelope(del, 405, 'method_not_allowed');
  });

  it('malformed JSON → 400', async () => {
    const response = await gateway.request('/v1/complete', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": "gpt-4o",' });
    const body = await expectEnvelope(response, 400, 'invalid_request_error');
    expect(body.error.message).toBe('Request body is not valid JSON.');
  });

  it('empty JSON body → 400', async () => {
    const response = await gateway.request('/v1/complete', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    await expectEnvelope(response, 400, 'invalid_request_error');
  });

  it('a body over MAX_BODY_BYTES → 413', async () => {
    const response = await gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'x'.repeat(4096) } });
    await expectEnvelope(response, 413, 'payload_too_large');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])(
    'content type %s → 415',
    async (contentType) => {
      const response = await gateway.request('/v1/complete', { method: 'POST', headers: { 'content-type': contentType }, body: 'model=gpt-4o' });
      const body = await expectEnvelope(response, 415, 'unsupported_media_type');
      expect(body.error.message).toContain('application/json');
    },
  );

  it('missing key → 401 with WWW-Authenticate: Bearer', async () => {
    const response = await gateway.request('/v1/models', { auth: false });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+"$/);
    const body = await expectEnvelope(response, 401, 'authentication_error');
    expect(body.error.message).toContain('Authorization: Bearer');
  });

  it.each([
    ['a wrong key', 'Bearer not-the-right-key'],
    ['another scheme', 'Basic dGVzdDp0ZXN0'],
    ['an empty bearer', 'Bearer '],
  ])('%s → 401 invalid_token', async (_what, authorization) => {
    const response = await gateway.request('/v1/models', { headers: { authorization } });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_token"$/);
    await expectEnvelope(response, 401, 'authentication_error');
  });

  it('auth is checked before the body: a bad body without a key is a 401', async () => {
    const response = await gateway.request('/v1/complete', { auth: false, json: { nope: true } });
    await expectEnvelope(response, 401, 'authentication_error');
  });

  it('echoes a sane client X-Request-Id, replaces an unsafe one', async () => {
    const kept = await gateway.request('/v1/models', { headers: { 'x-request-id': 'client-trace.42' } });
    expect(kept.headers.get('x-request-id')).toBe('client-trace.42');
    const replaced = await gateway.request('/v1/nothing', { headers: { 'x-request-id': 'bad id with spaces' } });
    const id = replaced.headers.get('x-request-id');
    expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(((await replaced.json()) as ErrorEnvelope).error.request_id).toBe(id);
  });

  it('the request id of an error is the one in its log line', async () => {
    const response = await gateway.request('/v1/complete', { json: { model: 'nope', prompt: 'x' }, headers: { 'x-request-id': 'trace-me-123' } });
    expect(response.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = gateway.logs.find((l) => l.includes('"request_id":"trace-me-123"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ method: 'POST', path: '/v1/complete', status: 400, msg: 'request' });
  });

  it('a request with a broken Content-Length does not crash the server', async () => {
    const status = await new Promise<number | string>((resolve) => {
      const req = httpRequest(
        `${gateway.url}/v1/complete`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100', authorization: 'Bearer x' } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', (error) => resolve(error.message));
      req.setTimeout(2000, () => req.destroy(new Error('timeout')));
      req.end('{"a":1}');
    });
    expect(status).toBeDefined();
    expect((await gateway.request('/v1/models')).status).toBe(200);
  });
});
