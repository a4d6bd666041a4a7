import { describe, expect, it } from '@jest/globals';
import { failureCode, networkReason } from './network-failure.js';

describe('network failures', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'connection reset'],
    ['UND_ERR_SOCKET', 'connection reset'],
    ['ERR_HTTP2_STREAM_ERROR', 'stream reset'],
    ['ERR_HTTP2_GOAWAY_SESSION', 'HTTP/2 session failed'],
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'host not found'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timed out'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'its TLS certificate is not trusted'],
    ['ERR_SOMETHING_ELSE', 'err something else'],
    [undefined, 'network error'],
  ])('%s → %s', (code, reason) => {
    expect(networkReason(code)).toBe(reason);
  });

  it("reads undici's HTTP/2 stream errors from their message", () => {
    expect(networkReason('UND_ERR_INFO', 'HTTP/2: "stream error" received - code 2')).toBe('stream reset');
    expect(networkReason('UND_ERR_INFO', 'HTTP/2: stream closed before the response was complete')).toBe('stream reset');
    expect(networkReason('UND_ERR_INFO', 'HTTP/2: "PING" errored')).toBe('HTTP/2 session failed');
  });

  it('prefers a TLS trust code anywhere in the cause chain, else the outermost code', () => {
    const tls = Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET', cause: Object.assign(new Error('y'), { code: 'CERT_HAS_EXPIRED' }) });
    expect(failureCode(tls)).toBe('CERT_HAS_EXPIRED');
    const plain = Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET', cause: Object.assign(new Error('y'), { code: 'ECONNRESET' }) });
    expect(failureCode(plain)).toBe('UND_ERR_SOCKET');
    expect(failureCode(new Error('no code'))).toBeUndefined();
  });
});
