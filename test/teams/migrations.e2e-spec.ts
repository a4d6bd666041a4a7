import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createDb } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../dist/db/migrate-cli.js');

describe('database migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('npm run db:migrate applies everything to an empty database, then finds nothing to do', async () => {
    const first = await run(process.execPath, [CLI], { env: { DATABASE_URL: database.url } });
    expect(first.stdout).toContain('Applied: 0001-initial');
    const second = await run(process.execPath, [CLI], { env: { DATABASE_URL: database.url } });
    expect(second.stdout).toBe('Database is up to date.\n');
  });

  it('two migrators racing on a fresh database: one applies, the other waits and applies nothing', async () => {
    const fresh = await createTestDatabase();
    const [a, b] = [createDb(fresh.url), createDb(fresh.url)];
    try {
      const results = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      const all = Object.keys(await migrationProvider.getMigrations()).length;
      expect(results.map((applied) => applied.length).sort()).toEqual([0, all]);
      const tables = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_name in ('teams','api_keys','usage','audit','spend_counters')`.execute(a);
      expect(Number(tables.rows[0]!.n)).toBe(5);
    } finally {
      await a.destroy();
      await b.destroy();
      await fresh.drop();
    }
  });

  it('refuses to run without DATABASE_URL, saying so', async () => {
    await expect(run(process.execPath, [CLI], { env: {} })).rejects.toMatchObject({ stderr: 'DATABASE_URL is not set: nothing to migrate.\n' });
  });
});
