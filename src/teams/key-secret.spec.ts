import { describe, expect, it } from '@jest/globals';
import { sha256 } from '../auth/api-keys.js';
import { looksManaged, newId, newKeySecret } from './key-secret.js';

describe('managed key secrets', () => {
  it('are sk-gw- and 32 random bytes in base64url, stored as their SHA-256', () => {
    const { secret, digest } = newKeySecret();
    expect(secret).toMatch(/^sk-gw-[A-Za-z0-9_-]{43}$/);
    expect(digest.equals(sha256(secret))).toBe(true);
    expect(newKeySecret().secret).not.toBe(secret);
  });

  it('only well-formed managed tokens are worth a lookup', () => {
    expect(looksManaged(newKeySecret().secret)).toBe(true);
    expect(looksManaged('sk-gw-short')).toBe(false);
    expect(looksManaged(`sk-xx-${'a'.repeat(43)}`)).toBe(false);
    expect(looksManaged(`sk-gw-${'a'.repeat(42)}!`)).toBe(false);
  });

  it('ids say what they name and are not the secret', () => {
    expect(newId('key')).toMatch(/^key_[A-Za-z0-9_-]{12}$/);
    expect(newId('team')).toMatch(/^team_/);
  });
});
