import { ApiError } from '../common/api-error.js';
import { relayedRetryAfter } from './retry-hint.js';
/** Upstream statuses worth another attempt: overload, rate limits, timeouts and transient server failures. */
export const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504, 529]);
/**
 * A failure that came from (or on the way to) an upstream, as opposed to the gateway refusing the request itself.
 * It carries what the retry policy needs: the upstream status (undefined when no answer came), whether another
 * attempt may help, and the upstream's own retry hint.
 */
export class UpstreamError extends ApiError {
    upstreamStatus;
    retryable;
    retryAfterMs;
    constructor(status, message, type, upstreamStatus, retryable, retryAfterMs, headers = {}) {
        super(status, message, type, null, headers);
        this.upstreamStatus = upstreamStatus;
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
        this.name = 'UpstreamError';
    }
}
/**
 * The table from upstream statuses to the gateway's answers (documented in docs/errors.md): the client's own
 * mistakes stay 4xx, the gateway's or the provider's problems become 502.
 */
export function mapUpstreamFailure(failure) {
    const { provider, status } = failure;
    const said = failure.message ? `: ${failure.message}` : '.';
    const retryable = RETRYABLE_STATUSES.has(status);
    const upstream = (gatewayStatus, message, type, headers = {}) => new UpstreamError(gatewayStatus, message, type, status, retryable, failure.retryAfterMs, headers);
    if (status === 400 || status === 413 || status === 422) {
        return upstream(400, `${provider} rejected the request${said}`, 'invalid_request_error');
    }
    if (status === 401 || status === 403) {
        return upstream(502, `${provider} rejected the gateway's provider credentials (HTTP ${status}); the gateway operator must fix its API key.`, 'upstream_error');
    }
    if (status === 404) {
        return upstream(502, `${provider} does not know the configured upstream model (HTTP 404)${said}`, 'upstream_error');
    }
    if (status === 429) {
        const headers = { 'Retry-After': relayedRetryAfter(failure.retryAfter) };
        return upstream(429, `${provider} is rate limiting the gateway; retry later${said}`, 'rate_limit_error', headers);
    }
    return upstream(502, `${provider} failed to answer (HTTP ${status})${said}`, 'upstream_error');
}
/** No answer at all (refused, reset, DNS...): worth another attempt, unless it is a configuration problem. */
export function unreachable(provider, reason, retryable = true) {
    return new UpstreamError(502, `${provider} could not be reached (${reason}).`, 'upstream_error', undefined, retryable);
}
/** An answer that cannot be read. Not retried: the upstream did the work (and billed it); asking again rarely helps. */
export function malformed(provider, what, status) {
    return new UpstreamError(502, `${provider} sent a response the gateway could not read (${what}).`, 'upstream_error', status, false);
}
/** The call was cancelled through its AbortSignal; the caller knows why (client gone, deadline, attempt timeout). */
export function cancelled(provider) {
    return new UpstreamError(502, `${provider} request was cancelled.`, 'upstream_error', undefined, false);
}
