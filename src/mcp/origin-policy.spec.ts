import { describe, expect, it } from '@jest/globals';
import { localhostAllowedHostnames, validateOriginHeader } from '@modelcontextprotocol/server';
import { isLoopbackHost, LOOPBACK_HOSTNAMES, originAllowed, type OriginPolicy } from './origin-policy.js';

const LISTED = new Set(['https://app.example.com']);
const onLoopback: OriginPolicy = { allowedOrigins: LISTED, loopbackOnly: true };
const onAllInterfaces: OriginPolicy = { allowedOrigins: LISTED, loopbackOnly: false };

describe('originAllowed', () => {
  it('lets requests without Origin through (non-browser clients send none)', () => {
    expect(originAllowed(undefined, '127.0.0.1:3000', onAllInterfaces)).toBe(true);
  });

  it.each([
    ['https://app.example.com', true],
    ['https://app.example.com:443', true],
    ['http://app.example.com', false],
    ['https://app.example.com:8443', false],
    ['https://app.example.com.evil.example', false],
    ['https://evil.example', false],
    ['null', false],
    ['', false],
    ['file:///etc/passwd', false],
  ])('listed or foreign: Origin %s → %s', (origin, expected) => {
    expect(originAllowed(origin, 'gateway.example.com', onAllInterfaces)).toBe(expected);
    expect(originAllowed(origin, 'gateway.example.com', onLoopback)).toBe(expected);
  });

  it.each(['http://localhost:6274', 'http://127.0.0.1:5173', 'https://[::1]:8443', 'http://localhost'])(
    'serves the localhost origin %s, any port, when the gateway listens on loopback only',
    (origin) => {
      expect(originAllowed(origin, '127.0.0.1:3000', onLoopback)).toBe(true);
      expect(originAllowed(origin, '127.0.0.1:3000', onAllInterfaces)).toBe(false);
    },
  );

  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000'],
    ['http://localhost:3000', 'localhost:3000'],
    ['http://[::1]:3000', '[::1]:3000'],
    ['http://10.0.0.5:3000', '10.0.0.5:3000'],
    ['https://10.0.0.5', '10.0.0.5'],
    ['http://LOCALHOST:80', 'localhost'],
  ])('serves a same-origin request on an IP or localhost Host: Origin %s, Host %s', (origin, host) => {
    expect(originAllowed(origin, host, onAllInterfaces)).toBe(true);
  });

  it.each([
    // What a DNS-rebinding page sends: its own name in both headers.
    ['http://evil.example.com', 'evil.example.com'],
    ['http://evil.example.com:3000', 'evil.example.com:3000'],
    // Same host name on another port, or an IP on another port: another origin.
    ['http://10.0.0.5:3001', '10.0.0.5:3000'],
    ['http://10.0.0.5:3000', undefined],
    ['http://10.0.0.5:3000', 'bad host header'],
  ])('refuses Origin %s with Host %s when the gateway listens on all interfaces', (origin, host) => {
    expect(originAllowed(origin, host, onAllInterfaces)).toBe(false);
  });

  it('refuses the rebinding pair on loopback too', () => {
    expect(originAllowed('http://evil.example.com', 'evil.example.com', onLoopback)).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LocalHost', true],
    ['127.0.0.1', true],
    ['127.0.0.2', false],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['128.0.0.1', false],
    ['localhost.evil.example', false],
    ['::', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('the copy of the SDK\'s localhost rule (the policy does not load the SDK)', () => {
  it('lists the names the SDK lists', () => {
    expect([...LOOPBACK_HOSTNAMES]).toEqual(localhostAllowedHostnames());
  });

  it.each([
    'http://localhost:6274', 'http://LOCALHOST', 'http://127.0.0.1:5173', 'https://[::1]:8443', 'http://[0:0:0:0:0:0:0:1]',
    'http://127.0.0.2', 'http://localhost.evil.example', 'https://evil.example', 'http://0.0.0.0:80', 'http://[::]',
  ])('judges the http(s) origin %s as the SDK\'s validateOriginHeader does, on loopback', (origin) => {
    const sdk = validateOriginHeader(origin, localhostAllowedHostnames()).ok;
    expect(originAllowed(origin, 'gateway.example.com', { allowedOrigins: new Set(), loopbackOnly: true })).toBe(sdk);
  });
});
