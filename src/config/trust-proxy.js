import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';
import { listVar } from './env.js';
/** Names @fastify/proxy-addr (Fastify's own parser) understands for the usual private ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/**
 * TRUST_PROXY: comma-separated addresses or CIDR ranges (and the range names above) of the reverse proxies whose
 * X-Forwarded-For / X-Forwarded-Proto the gateway believes. Empty (the default) trusts nobody: request.ip is the
 * socket's peer. Checked here so a typo stops the start with the variable's name instead of a TypeError from
 * inside Fastify; Fastify compiles the list itself.
 */
export function loadTrustProxy(env) {
    const entries = listVar(env, 'TRUST_PROXY');
    entries.forEach((entry, index) => {
        if (!validEntry(entry)) {
            throw new ConfigError(`TRUST_PROXY entry ${index + 1} ('${entry.slice(0, 64)}') must be an IP address, a CIDR range such as 10.0.0.0/8, or one of ${[...RANGE_NAMES].join(', ')}`);
        }
    });
    return entries;
}
function validEntry(entry) {
    if (RANGE_NAMES.has(entry))
        return true;
    const slash = entry.indexOf('/');
    const address = slash === -1 ? entry : entry.slice(0, slash);
    const family = isIP(address);
    if (family === 0)
        return false;
    if (slash === -1)
        return true;
    const prefix = entry.slice(slash + 1);
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
