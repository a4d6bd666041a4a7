import { describe, expect, it } from '@jest/globals';
import { sha256 } from '../auth/api-keys.js';
import { loadTeamsSettings } from './teams-settings.js';
// pg's own reader of connection strings (what its pool does with DATABASE_URL).
import { parse } from 'pg-connection-string';

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

  it('puts DATABASE_PASSWORD into the URL, encoded, so any character works', () => {
    const password = 'p@ss:/#w%41 ?é';
    const { databaseUrl } = loadTeamsSettings({ DATABASE_URL: 'postgres://gateway@postgres:5432/gateway', DATABASE_PASSWORD: password }, []);
    const url = new URL(databaseUrl!);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect([url.username, url.host, url.pathname]).toEqual(['gateway', 'postgres:5432', '/gateway']);
    // pg reads the URL the same way.
    expect(parse(databaseUrl!).password).toBe(password);
  });

  it('refuses DATABASE_PASSWORD twice, without a user, or without DATABASE_URL', () => {
    expect(() => loadTeamsSettings({ DATABASE_URL: 'postgres://u:inurl@h/db', DATABASE_PASSWORD: 'x' }, [])).toThrow('DATABASE_URL carries a password and DATABASE_PASSWORD is set too: keep one');
    expect(() => loadTeamsSettings({ DATABASE_URL: 'postgres://h/db', DATABASE_PASSWORD: 'x' }, [])).toThrow('DATABASE_PASSWORD needs a user in DATABASE_URL');
    expect(() => loadTeamsSettings({ DATABASE_PASSWORD: 'x' }, [])).toThrow('DATABASE_PASSWORD is set but DATABASE_URL is not');
  });
});
