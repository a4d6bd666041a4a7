import { isLoopbackHost } from '../mcp/origin-policy.js';
import { ConfigError } from './config-error.js';
import { shownValue } from './shown-value.js';
import { intVar, listVar } from './env.js';
/** One MCP_ALLOWED_ORIGINS entry, normalised the way browsers serialise Origin (`https://a.example:8443`). */
function parseOrigin(entry, index) {
    const where = `MCP_ALLOWED_ORIGINS entry ${index + 1}`;
    let url;
    try {
        url = new URL(entry);
    }
    catch {
        throw new ConfigError(`${where} must be an origin like https://app.example.com, got '${shownValue(entry)}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ConfigError(`${where} must be an http(s) origin, got '${shownValue(entry)}'`);
    }
    if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        throw new ConfigError(`${where} must be only scheme://host[:port], got '${shownValue(entry)}'`);
    }
    return url.origin;
}
/** `host` is the address the gateway listens on (HOST): on loopback, localhost origins may call /mcp. */
export function loadMcpSettings(env, host = '0.0.0.0') {
    return {
        allowedOrigins: new Set(listVar(env, 'MCP_ALLOWED_ORIGINS').map(parseOrigin)),
        loopbackOnly: isLoopbackHost(host),
        progressIntervalMs: intVar(env, 'MCP_PROGRESS_INTERVAL_MS', 1000, 50, 60_000),
    };
}
