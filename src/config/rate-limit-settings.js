import { keyFingerprint } from '../auth/api-keys.js';
import { ConfigError } from './config-error.js';
import { shownValue } from './shown-value.js';
import { enumVar, intVar, splitList, text } from './env.js';
const MAX_LIMIT = 1_000_000_000;
const OVERRIDE = /^(?<key>[0-9a-f]{8}|sha256:[0-9a-f]{64})=(?<perMinute>\d+)\/(?<burst>\d+)$/i;
/**
 * RATE_LIMIT_OVERRIDES: comma-separated `<key_id>=<perMinute>/<burst>`, where key_id is the key's fingerprint as the
 * logs show it (8 hex digits) or `sha256:<64 hex>` of the key. Each must name a configured key, so a typo fails
 * the start instead of silently leaving a key on the defaults.
 */
export function parseOverrides(raw, keyDigests) {
    const known = new Set(keyDigests.map(keyFingerprint));
    const overrides = new Map();
    const entries = splitList(raw);
    entries.forEach((entry, index) => {
        const where = `RATE_LIMIT_OVERRIDES entry ${index + 1}`;
        const match = OVERRIDE.exec(entry.replace(/\s+/g, ''));
        if (!match?.groups) {
            throw new ConfigError(`${where} must look like <key_id>=<perMinute>/<burst> (key_id: 8 hex digits or sha256:<64 hex>)`);
        }
        const { key, perMinute, burst } = match.groups;
        const keyId = key.toLowerCase().startsWith('sha256:')
            ? keyFingerprint(Buffer.from(key.slice('sha256:'.length), 'hex'))
            : key.toLowerCase();
        if (!known.has(keyId))
            throw new ConfigError(`${where} names key ${keyId}, which is not one of GATEWAY_API_KEYS`);
        if (overrides.has(keyId))
            throw new ConfigError(`${where} repeats key ${keyId}`);
        const limits = { perMinute: Number(perMinute), burst: Number(burst) };
        for (const [name, value] of Object.entries(limits)) {
            if (value < 1 || value > MAX_LIMIT)
                throw new ConfigError(`${where}: ${name} must be between 1 and ${MAX_LIMIT}, got ${value}`);
        }
        overrides.set(keyId, limits);
    });
    return overrides;
}
function redisUrl(env) {
    const raw = text(env, 'REDIS_URL');
    if (raw === undefined)
        return undefined;
    if (!URL.canParse(raw))
        throw new ConfigError(`REDIS_URL must be a URL such as redis://127.0.0.1:6379, got '${shownValue(raw)}'`);
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
        throw new ConfigError(`REDIS_URL must use redis:// or rediss://, got '${shownValue(raw)}'`);
    }
    return raw;
}
export function loadRateLimitSettings(env, keyDigests) {
    const failMode = enumVar(env, 'RATE_LIMIT_FAIL_MODE', ['open', 'closed'], 'open');
    const prefix = text(env, 'REDIS_KEY_PREFIX') ?? '';
    if (/\s/.test(prefix) || prefix.length > 100) {
        throw new ConfigError('REDIS_KEY_PREFIX must be at most 100 characters without spaces');
    }
    return {
        defaults: {
            perMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 60, 1, MAX_LIMIT),
            burst: intVar(env, 'RATE_LIMIT_BURST', 10, 1, MAX_LIMIT),
        },
        windowMs: intVar(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 100, 24 * 3600_000),
        burstWindowMs: intVar(env, 'RATE_LIMIT_BURST_WINDOW_MS', 1000, 100, 24 * 3600_000),
        overrides: parseOverrides(env.RATE_LIMIT_OVERRIDES ?? '', keyDigests),
        authFailureLimit: intVar(env, 'AUTH_FAILURE_LIMIT', 20, 1, MAX_LIMIT),
        authFailureWindowMs: intVar(env, 'AUTH_FAILURE_WINDOW_MS', 60_000, 100, 24 * 3600_000),
        redisUrl: redisUrl(env),
        redisKeyPrefix: prefix === '' ? 'gw:' : prefix,
        redisTimeoutMs: intVar(env, 'REDIS_TIMEOUT_MS', 250, 10, 60_000),
        failMode,
    };
}
