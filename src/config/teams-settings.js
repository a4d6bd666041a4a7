import { ConfigError } from './config-error.js';
import { shownValue } from './shown-value.js';
import { intVar, listVar, text } from './env.js';
import { sha256 } from '../auth/api-keys.js';
function parseAdminKeys(entries, clientDigests) {
    const clients = new Set(clientDigests.map((digest) => digest.toString('hex')));
    return entries.map((entry, index) => {
        if (entry.length < 16)
            throw new ConfigError(`GATEWAY_ADMIN_KEYS entry ${index + 1} is shorter than 16 characters`);
        const digest = sha256(entry);
        if (clients.has(digest.toString('hex')))
            throw new ConfigError(`GATEWAY_ADMIN_KEYS entry ${index + 1} is also a client key in GATEWAY_API_KEYS`);
        return digest;
    });
}
/**
 * DATABASE_URL, and DATABASE_PASSWORD put into it: a password given on its own needs no URL-encoding (docker-compose.yml
 * passes POSTGRES_PASSWORD that way, so '@', ':', '/' and '#' in it work). Not taken twice, nor without a URL.
 */
function databaseUrlOf(env) {
    const raw = text(env, 'DATABASE_URL');
    const password = env.DATABASE_PASSWORD ?? '';
    if (raw === undefined) {
        if (password !== '')
            throw new ConfigError('DATABASE_PASSWORD is set but DATABASE_URL is not');
        return undefined;
    }
    if (!/^postgres(ql)?:\/\//.test(raw) || !URL.canParse(raw)) {
        throw new ConfigError(`DATABASE_URL must be a postgres:// or postgresql:// URL, got '${shownValue(raw)}'`);
    }
    if (password === '')
        return raw;
    const url = new URL(raw);
    if (url.password !== '')
        throw new ConfigError('DATABASE_URL carries a password and DATABASE_PASSWORD is set too: keep one');
    if (url.username === '')
        throw new ConfigError('DATABASE_PASSWORD needs a user in DATABASE_URL (postgres://user@host/db)');
    url.password = encodeURIComponent(password);
    return url.href;
}
export function loadTeamsSettings(env, clientDigests) {
    return {
        databaseUrl: databaseUrlOf(env),
        adminKeyDigests: parseAdminKeys(listVar(env, 'GATEWAY_ADMIN_KEYS'), clientDigests),
        keyCacheTtlMs: intVar(env, 'KEY_CACHE_TTL_MS', 10_000, 100, 3_600_000),
        usageFlushMs: intVar(env, 'USAGE_FLUSH_MS', 1000, 50, 600_000),
        usageBufferMax: intVar(env, 'USAGE_BUFFER_MAX', 100_000, 10, 10_000_000),
        dbTimeoutMs: intVar(env, 'DATABASE_TIMEOUT_MS', 3000, 100, 120_000),
        dbPoolSize: intVar(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    };
}
