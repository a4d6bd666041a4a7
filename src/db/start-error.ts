import { ConfigError } from '../config/config-error.js';

/** Socket-level codes and pg's own wording for a connection that never came up. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const UNREACHABLE_TEXT = /timeout exceeded when trying to connect|connection terminated/i;
/** PostgreSQL SQLSTATEs answered before any statement runs: bad password, role or database. */
const REFUSED = new Set(['28P01', '28000', '3D000']);

function where(url: string): string {
  if (!URL.canParse(url)) return 'the configured server';
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '5432'}`;
}

/**
 * Why the database step of a start failed, in one line naming DATABASE_URL: the server not reachable, or refusing
 * the login (a Compose volume keeps the password it was created with), says "could not connect"; only a database
 * that accepted the connection and then failed is "could not be migrated". Never echoes the URL's credentials.
 */
export function databaseStartError(error: unknown, url: string): ConfigError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if ((typeof code === 'string' && UNREACHABLE.has(code)) || UNREACHABLE_TEXT.test(message)) {
    return new ConfigError(`DATABASE_URL: could not connect to PostgreSQL at ${where(url)} (${typeof code === 'string' ? code : message})`);
  }
  if (typeof code === 'string' && REFUSED.has(code)) {
    const hint = code === '3D000' ? '' : '; with docker compose, the data volume keeps the password it was first created with (docs/deployment.md)';
    return new ConfigError(`DATABASE_URL: could not connect to PostgreSQL at ${where(url)}: ${message}${hint}`);
  }
  return new ConfigError(`DATABASE_URL: the database could not be migrated (${message})`);
}
