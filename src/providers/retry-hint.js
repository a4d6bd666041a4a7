/** Both forms are a plain decimal number; anchored, one digit class then an optional fraction: no backtracking. */
const DECIMAL = /^\d+(\.\d+)?$/;
/**
 * The Retry-After the gateway sends with an upstream 429 whose own hint is missing or unreadable: the client must
 * still be told to wait, and 5 s is longer than a burst window yet short enough not to stall a well-behaved client.
 */
export const DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS = 5;
/** A hint beyond a day is not a hint (a date far in the future, a run of digits): treated as unreadable. */
const MAX_HINT_MS = 24 * 60 * 60 * 1000;
function sane(ms) {
    return Number.isFinite(ms) && ms <= MAX_HINT_MS ? ms : undefined;
}
/** The upstream's retry hint in milliseconds: retry-after-ms (OpenAI) first, then retry-after (seconds or a date). */
export function retryAfterMs(headers, now = Date.now()) {
    const ms = headers['retry-after-ms']?.trim();
    if (ms !== undefined && DECIMAL.test(ms))
        return sane(Math.ceil(Number(ms)));
    const value = headers['retry-after']?.trim();
    if (value === undefined || value === '')
        return undefined;
    if (DECIMAL.test(value))
        return sane(Math.ceil(Number(value) * 1000));
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : sane(Math.max(0, date - now));
}
/** A retry hint as the whole seconds of a Retry-After header for the gateway's own client (at least 1). */
export function retryAfterHeader(ms) {
    return ms === undefined ? undefined : String(Math.max(1, Math.ceil(ms / 1000)));
}
/** The Retry-After of a 429 the gateway relays: the upstream's readable hint, else the documented default. */
export function relayedRetryAfter(retryAfter) {
    return retryAfter ?? String(DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS);
}
