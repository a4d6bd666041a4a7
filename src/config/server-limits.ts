import { ConfigError } from './config-error.js';
import { intVar, type Env } from './env.js';

/** How long and how many: the limits of the gateway's own server (docs/limits.md). */
export interface ServerLimits {
  /** The whole request, headers and body, must arrive within this (408 and the connection closes). */
  bodyTimeoutMs: number;
  /** The headers alone must arrive within this; never longer than bodyTimeoutMs. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection (an idle HTTP/2 session) is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; new ones beyond are closed as they arrive. */
  maxConnections: number;
}

const HOUR_MS = 3_600_000;

export function loadServerLimits(env: Env): ServerLimits {
  const bodyTimeoutMs = intVar(env, 'BODY_TIMEOUT_MS', 30_000, 100, HOUR_MS);
  const headersTimeoutMs = intVar(env, 'HEADERS_TIMEOUT_MS', Math.min(10_000, bodyTimeoutMs), 100, HOUR_MS);
  if (headersTimeoutMs > bodyTimeoutMs) {
    throw new ConfigError(`HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be longer than BODY_TIMEOUT_MS (${bodyTimeoutMs})`);
  }
  return {
    bodyTimeoutMs,
    headersTimeoutMs,
    // Longer than the usual load balancer idle timeout (60 s), so the balancer closes first and never reuses a
    // connection the gateway is closing.
    keepAliveTimeoutMs: intVar(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 1_000, HOUR_MS),
    maxConnections: intVar(env, 'MAX_CONNECTIONS', 4_096, 1, 1_000_000),
  };
}
