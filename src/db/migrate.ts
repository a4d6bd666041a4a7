import { Migrator, sql } from 'kysely';
import type { Db } from './database.js';
import { migrationProvider } from './migrations/index.js';

/** An arbitrary constant naming this application's advisory lock (two replicas starting together queue on it). */
const MIGRATION_LOCK = 0x67_77_6d_69; // "gwmi"

/**
 * Applies the pending migrations under a session-level PostgreSQL advisory lock held on one connection for the
 * whole run (Kysely's Migrator also takes a transaction-level one): a second replica starting at the same moment
 * waits, then finds nothing left to do. Returns the names applied now.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
    try {
      const migrator = new Migrator({ db: connection, provider: migrationProvider, migrationTableName: 'gateway_migrations', migrationLockTableName: 'gateway_migrations_lock' });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
    }
  });
}
