import { ConfigError } from './config-error.js';
import { intVar } from './env.js';
const HOUR_MS = 3_600_000;
export function loadServerLimits(env) {
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
