import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/config-error.js';
import { keyFingerprint, matchKey, parseApiKeys, sha256 } from './api-keys.js';
import { bearerToken, presentedKey } from './bearer-token.js';

describe('API keys', () => {
  it('accepts plain and sha256: entries', () => {
    const { digests, generated } = parseApiKeys(`alpha-key-1, sha256:${sha256('beta-key-22').toString('hex')}`);
    expect(generated).toBeUndefined();
    expect(matchKey('alpha-key-1', digests)).toBeDefined();
    expect(matchKey('beta-key-22', digests)).toBeDefined();
    expect(matchKey('gamma-key-3', digests)).toBeUndefined();
  });

  it('generates a key when none is configured', () => {
    const { digests, generated } = parseApiKeys(' , ');
    expect(generated).toMatch(/^sk-gw-[A-Za-z0-9_-]{32}$/);
    expect(matchKey(generated!, digests)).toBeDefined();
  });

  it('rejects short keys and malformed hashes, naming the entry', () => {
    expect(() => parseApiKeys('short')).toThrow(new ConfigError('GATEWAY_API_KEYS entry 1 is shorter than 8 characters'));
    expect(() => parseApiKeys('long-enough-key, sha256:abc')).toThrow(/entry 2 must be sha256:/);
  });

  it('fingerprints a key without revealing it', () => {
    expect(keyFingerprint(sha256('alpha-key-1'))).toMatch(/^[0-9a-f]{8}$/);
  });

  it('reads Bearer tokens only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('presentedKey', () => {
  it('reads Authorization first, else x-api-key as the same Bearer credential', () => {
    expect(presentedKey({ authorization: 'Bearer a', 'x-api-key': 'b' })).toBe('Bearer a');
    expect(presentedKey({ 'x-api-key': 'b' })).toBe('Bearer b');
    expect(presentedKey({})).toBeUndefined();
  });
});
