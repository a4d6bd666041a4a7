import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/api-keys.js';

/** Every managed key starts with this: the admission path looks such a token up in the database on a cache miss. */
export const MANAGED_KEY_PREFIX = 'sk-gw-';

/** A new secret: the prefix and 32 random bytes in base64url (43 characters). Shown once, stored as its digest. */
export function newKeySecret(): { secret: string; digest: Buffer } {
  const secret = `${MANAGED_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, digest: sha256(secret) };
}

/** True for a token shaped like a managed key (so worth a database lookup); bounds the lookups a guesser causes. */
export function looksManaged(token: string): boolean {
  return token.startsWith(MANAGED_KEY_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(token.slice(MANAGED_KEY_PREFIX.length));
}

/** A public identifier (`key_…`, `team_…`): random, never derived from the secret. */
export function newId(kind: 'key' | 'team'): string {
  return `${kind}_${randomBytes(9).toString('base64url')}`;
}
