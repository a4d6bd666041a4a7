import { ConfigError } from './config-error.js';
import { boolVar, intVar, pemFile, text } from './env.js';
const HOUR_MS = 3_600_000;
function readCaFile(env) {
    const file = text(env, 'UPSTREAM_CA_FILE');
    return file === undefined ? undefined : pemFile('UPSTREAM_CA_FILE', file, '-----BEGIN CERTIFICATE-----', 'holds no PEM certificate');
}
export function loadUpstreamSettings(env) {
    const retryBaseMs = intVar(env, 'UPSTREAM_RETRY_BASE_MS', 250, 1, 60_000);
    const settings = {
        timeoutMs: intVar(env, 'UPSTREAM_TIMEOUT_MS', 60_000, 1, HOUR_MS),
        requestTimeoutMs: intVar(env, 'REQUEST_TIMEOUT_MS', 120_000, 1, HOUR_MS),
        maxRetries: intVar(env, 'UPSTREAM_MAX_RETRIES', 2, 0, 10),
        retryBaseMs,
        retryMaxMs: intVar(env, 'UPSTREAM_RETRY_MAX_MS', Math.max(8_000, retryBaseMs), 1, 10 * 60_000),
        maxSockets: intVar(env, 'UPSTREAM_MAX_SOCKETS', 256, 1, 65_536),
        http2: boolVar(env, 'UPSTREAM_HTTP2', true),
        maxResponseBytes: intVar(env, 'UPSTREAM_MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
        maxImageBytes: intVar(env, 'MAX_IMAGE_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
        streamKeepAliveMs: intVar(env, 'STREAM_KEEPALIVE_MS', 15_000, 10, HOUR_MS),
        ca: readCaFile(env),
    };
    if (settings.retryMaxMs < settings.retryBaseMs) {
        throw new ConfigError(`UPSTREAM_RETRY_MAX_MS must be at least UPSTREAM_RETRY_BASE_MS (${settings.retryBaseMs})`);
    }
    return settings;
}
