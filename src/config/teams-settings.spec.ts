import { describe, expect, it } from '@jest/globals';
import { sha256 } from '../auth/api-keys.js';
import { loadTeamsSettings } from './teams-settings.js';

describe('loadTeamsSettings', () => {
  it('without DATABASE_URL nothing is managed', () => {
    const settings = loadTeamsSettings({}, []);
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.adminKeyDigests).toEqual([]);
    expect(settings.keyCacheTtlMs).toBe(10_000);
  });

  it('refuses an admin key that is also a client key, and short admin keys', () => {
    const shared = 'the-same-key-for-both-0001';
    expect(() => loadTeamsSettings({ GATEWAY_ADMIN_KEYS: shared }, [sha256(shared)])).toThrow('GATEWAY_ADMIN_KEYS entry 1 is also a client key in GATEWAY_API_KEYS');
    expect(() => loadTeamsSettings({ GATEWAY_ADMIN_KEYS: 'short' }, [])).toThrow('GATEWAY_ADMIN_KEYS entry 1 is shorter than 16 characters');
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => loadTeamsSettings({ DATABASE_URL: 'mysql://x' }, [])).toThrow("DATABASE_URL must be a postgres:// or postgresql:// URL, got 'mysql://x'");
    expect(() => loadTeamsSettings({ DATABASE_URL: 'gateway:s3cret@postgres/gateway' }, [])).toThrow("got '[redacted]@postgres/gateway'");
  });
});
