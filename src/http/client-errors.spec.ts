import { describe, expect, it } from '@jest/globals';
import { clientErrorReply } from './client-errors.js';

const LIMITS = { bodyTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000, maxConnections: 10 };

function parse(wire: string): { statusLine: string; headers: Record<string, string>; body: unknown } {
  const [head, body] = wire.split('\r\n\r\n');
  const [statusLine, ...lines] = head!.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => line.split(': ') as [string, string]).map(([k, v]) => [k.toLowerCase(), v]));
  return { statusLine: statusLine!, headers, body: JSON.parse(body!) };
}

describe('clientErrorReply', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'Request Timeout', 'request_timeout', /within 10000 ms \(HEADERS_TIMEOUT_MS\).*30000 ms \(BODY_TIMEOUT_MS\)/],
    ['HPE_HEADER_OVERFLOW', 431, 'Request Header Fields Too Large', 'request_header_fields_too_large', /^Request headers are larger .*\(\d+ bytes/],
    ['HPE_INVALID_CHUNK_SIZE', 400, 'Bad Request', 'invalid_request_error', /chunk size/],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 400, 'Bad Request', 'invalid_request_error', /Content-Length/],
    ['HPE_SOMETHING_NEW', 400, 'Bad Request', 'invalid_request_error', /^Malformed HTTP request\.$/],
    [undefined, 400, 'Bad Request', 'invalid_request_error', /^Malformed HTTP request\.$/],
  ])('%s → %i in the envelope, closing the connection', (code, status, reason, type, message) => {
    const reply = clientErrorReply(code, 'req_abc', LIMITS);
    const wire = parse(reply.wire);
    expect(wire.statusLine).toBe(`HTTP/1.1 ${status} ${reason}`);
    expect(wire.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req_abc', connection: 'close' });
    expect(Number(wire.headers['content-length'])).toBe(Buffer.byteLength(reply.wire.split('\r\n\r\n')[1]!));
    expect(wire.body).toEqual({ success: false, error: { code: status, message: expect.stringMatching(message), type, param: null, request_id: 'req_abc' } });
    expect(reply.body).toEqual(wire.body);
  });
});
