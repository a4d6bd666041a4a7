import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerTransport, serverProtocolOptions } from './server-transport.js';
import { loadUpstreamSettings } from './upstream-settings.js';

describe('upstream settings', () => {
  it('has the documented defaults', () => {
    expect(loadUpstreamSettings({})).toEqual({
      timeoutMs: 60_000,
      requestTimeoutMs: 120_000,
      maxRetries: 2,
      retryBaseMs: 250,
      retryMaxMs: 8_000,
      maxSockets: 256,
      http2: true,
      maxResponseBytes: 8_388_608,
      maxImageBytes: 5_242_880,
      streamKeepAliveMs: 15_000,
      ca: undefined,
    });
  });

  it('reads every variable', () => {
    const settings = loadUpstreamSettings({
      UPSTREAM_TIMEOUT_MS: '1500',
      REQUEST_TIMEOUT_MS: '4000',
      UPSTREAM_MAX_RETRIES: '0',
      UPSTREAM_RETRY_BASE_MS: '10',
      UPSTREAM_RETRY_MAX_MS: '50',
      UPSTREAM_MAX_SOCKETS: '8',
      UPSTREAM_HTTP2: 'off',
      UPSTREAM_MAX_RESPONSE_BYTES: '65536',
      STREAM_KEEPALIVE_MS: '250',
      MAX_IMAGE_BYTES: '2048',
    });
    expect(settings).toMatchObject({ streamKeepAliveMs: 250, timeoutMs: 1500, requestTimeoutMs: 4000, maxRetries: 0, retryBaseMs: 10, retryMaxMs: 50, maxSockets: 8, http2: false, maxResponseBytes: 65_536, maxImageBytes: 2048 });
  });

  it.each([
    [{ UPSTREAM_TIMEOUT_MS: '0' }, /UPSTREAM_TIMEOUT_MS must be between 1 and 3600000/],
    [{ REQUEST_TIMEOUT_MS: '1.5' }, /REQUEST_TIMEOUT_MS must be a whole number/],
    [{ UPSTREAM_MAX_RETRIES: '11' }, /UPSTREAM_MAX_RETRIES must be between 0 and 10/],
    [{ UPSTREAM_RETRY_BASE_MS: '100', UPSTREAM_RETRY_MAX_MS: '99' }, /UPSTREAM_RETRY_MAX_MS must be at least UPSTREAM_RETRY_BASE_MS \(100\)/],
    [{ UPSTREAM_MAX_SOCKETS: '0' }, /UPSTREAM_MAX_SOCKETS must be between 1 and 65536/],
    [{ UPSTREAM_HTTP2: 'h2' }, /UPSTREAM_HTTP2 must be true or false/],
    [{ UPSTREAM_MAX_RESPONSE_BYTES: '8MiB' }, /UPSTREAM_MAX_RESPONSE_BYTES must be a whole number, got '8MiB'/],
    [{ UPSTREAM_MAX_RESPONSE_BYTES: '100' }, /UPSTREAM_MAX_RESPONSE_BYTES must be between 1024 and 1073741824/],
    [{ UPSTREAM_CA_FILE: '/nonexistent/ca.pem' }, /UPSTREAM_CA_FILE: cannot read \/nonexistent\/ca.pem \(ENOENT\)/],
  ])('%o is refused', (env, message) => {
    expect(() => loadUpstreamSettings(env)).toThrow(message);
  });

  it('the retry cap follows a large base', () => {
    expect(loadUpstreamSettings({ UPSTREAM_RETRY_BASE_MS: '20000' }).retryMaxMs).toBe(20_000);
  });

  it('reads UPSTREAM_CA_FILE, and refuses a file without a certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-ca-'));
    try {
      const good = join(dir, 'ca.pem');
      writeFileSync(good, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      expect(loadUpstreamSettings({ UPSTREAM_CA_FILE: good }).ca?.toString()).toContain('BEGIN CERTIFICATE');
      const bad = join(dir, 'bad.pem');
      writeFileSync(bad, 'not pem');
      expect(() => loadUpstreamSettings({ UPSTREAM_CA_FILE: bad })).toThrow(/UPSTREAM_CA_FILE: .*bad\.pem holds no PEM certificate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('server transport', () => {
  it('is HTTP/1.1 by default and h2c with HTTP2_CLEARTEXT', () => {
    expect(loadServerTransport({})).toEqual({ kind: 'http1' });
    expect(loadServerTransport({ HTTP2_CLEARTEXT: 'true' })).toEqual({ kind: 'h2c' });
    expect(serverProtocolOptions({ kind: 'http1' })).toEqual({});
    expect(serverProtocolOptions({ kind: 'h2c' })).toEqual({ http2: true });
  });

  it('serves HTTP/2 over TLS with HTTP/1.1 allowed', () => {
    const cert = Buffer.from('c');
    const key = Buffer.from('k');
    expect(serverProtocolOptions({ kind: 'tls', cert, key })).toEqual({ http2: true, https: { allowHTTP1: true, cert, key } });
  });

  it.each([
    [{ TLS_CERT_FILE: '/x/cert.pem' }, /TLS_KEY_FILE must be set together with TLS_CERT_FILE/],
    [{ TLS_KEY_FILE: '/x/key.pem' }, /TLS_CERT_FILE must be set together with TLS_KEY_FILE/],
    [{ TLS_CERT_FILE: '/x/cert.pem', TLS_KEY_FILE: '/x/key.pem' }, /TLS_CERT_FILE: cannot read \/x\/cert.pem \(ENOENT\)/],
    [{ TLS_CERT_FILE: '/x/cert.pem', TLS_KEY_FILE: '/x/key.pem', HTTP2_CLEARTEXT: 'yes' }, /HTTP2_CLEARTEXT cannot be combined/],
    [{ HTTP2_CLEARTEXT: 'perhaps' }, /HTTP2_CLEARTEXT must be true or false/],
  ])('%o is refused', (env, message) => {
    expect(() => loadServerTransport(env)).toThrow(message);
  });
});
