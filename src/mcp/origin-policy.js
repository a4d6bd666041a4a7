import { isIP } from 'node:net';
/**
 * The MCP SDK's `localhostAllowedHostnames()`, copied so that reading the configuration and admitting a request
 * need not load the SDK (mcp-sdk.ts); origin-policy.spec.ts checks the copy against the SDK.
 */
export const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'];
/** `localhost`, `127.0.0.1` and `::1` (bracketed or not): the SDK's own list of names only this machine answers to. */
export function isLoopbackHost(hostname) {
    const bracketed = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
    return LOOPBACK_HOSTNAMES.includes(bracketed.toLowerCase());
}
/**
 * Same origin as the request, judged only where DNS rebinding cannot be at play: a rebinding page's Origin and
 * Host both name the attacker's domain (and so match each other), so a match counts only when that host is an IP
 * address or localhost, which no outside DNS answer can put in a browser's Host header.
 */
function sameOriginOnTrustedHost(origin, host) {
    if (host === undefined)
        return false;
    let requested;
    try {
        requested = new URL(`${origin.protocol}//${host}`);
    }
    catch {
        return false;
    }
    if (requested.host !== origin.host)
        return false;
    return isLoopbackHost(requested.hostname) || isIP(requested.hostname.replace(/^\[(.*)\]$/, '$1')) !== 0;
}
/**
 * DNS-rebinding protection for /mcp. A request without Origin (non-browser clients) passes; a browser's Origin
 * passes when MCP_ALLOWED_ORIGINS lists it, when it is a localhost origin (any port) and the gateway listens on
 * loopback only (a page on this machine, which could reach the port anyway), or when it is the request's own origin
 * on an IP or localhost Host. Everything else, `Origin: null` included, is refused.
 */
export function originAllowed(origin, host, policy) {
    if (origin === undefined)
        return true;
    let parsed;
    try {
        parsed = new URL(origin);
    }
    catch {
        return false;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        return false;
    if (policy.allowedOrigins.has(parsed.origin))
        return true;
    // The SDK's validateOriginHeader(origin, localhostAllowedHostnames()) for an http(s) origin that parsed.
    if (policy.loopbackOnly && LOOPBACK_HOSTNAMES.includes(parsed.hostname))
        return true;
    return sameOriginOnTrustedHost(parsed, host);
}
