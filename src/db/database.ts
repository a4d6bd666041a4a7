import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

// NUMERIC comes back as text (exact); int8 (bigserial ids, counts) as text too: both are converted where read.

/**
 * A Kysely instance over a `pg` pool. Connection and statement timeouts are short so that a database outage
 * fails fast instead of stalling the callers (the key cache and the usage buffer cope with failures).
 */
export function createDb(url: string, options: { poolSize?: number; timeoutMs?: number } = {}): Db {
  const timeoutMs = options.timeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // A connection lost (the database restarting) must not crash the process: the pool handles it for idle clients,
  // but a client checked out at that moment emits 'error' with no listener unless it has its own. Its running
  // query still fails (and the caller copes); the pool drops the client when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
