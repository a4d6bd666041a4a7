import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadTrustProxy } from './trust-proxy.js';

describe('TRUST_PROXY', () => {
  it('trusts nobody when unset or blank', () => {
    expect(loadTrustProxy({})).toEqual([]);
    expect(loadTrustProxy({ TRUST_PROXY: ' , ' })).toEqual([]);
  });

  it('accepts addresses, CIDR ranges of both families and the private-range names, trimmed', () => {
    expect(loadTrustProxy({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1 , fd00::/8,172.16.0.0/12,uniquelocal,loopback,::ffff:10.1.2.3' })).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      '172.16.0.0/12',
      'uniquelocal',
      'loopback',
      '::ffff:10.1.2.3',
    ]);
  });

  it.each([
    ['a host name', 'nginx', 1],
    ['an address out of range', '256.0.0.1', 1],
    ['an IPv4 prefix over 32', '10.0.0.0/33', 2],
    ['an IPv6 prefix over 128', '::1/129', 1],
    ['an empty prefix', '10.0.0.0/', 1],
    ['a netmask instead of a prefix', '10.0.0.0/255.0.0.0', 1],
    ['true', 'true', 1],
  ])('refuses %s, naming the variable and the entry', (_case, bad, position) => {
    const value = position === 1 ? bad : `127.0.0.1,${bad}`;
    expect(() => loadTrustProxy({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadTrustProxy({ TRUST_PROXY: value })).toThrow(`TRUST_PROXY entry ${position} ('${bad}') must be an IP address`);
  });
});
