import { ApiError } from '../../common/api-error.js';
import { UpstreamError } from '../../providers/upstream-errors.js';
/** Response header carrying how many upstream requests a call made (fallbacks included). */
export const ATTEMPTS_HEADER = 'X-Gateway-Attempts';
/** The same error, with the attempt count as a response header (the global filter sends an ApiError's headers). */
export function withAttempts(error, attempts) {
    return new ApiError(error.status, error.message, error.type, error.param, { ...error.headers, [ATTEMPTS_HEADER]: String(attempts) });
}
/** One attempt ran out of its own time (UPSTREAM_TIMEOUT_MS / timeout_ms); another attempt may be luckier. */
export function attemptTimedOut(provider, timeoutMs) {
    return new UpstreamError(504, `${provider} did not answer within ${timeoutMs} ms.`, 'upstream_timeout', undefined, true);
}
/** The overall deadline passed (REQUEST_TIMEOUT_MS / request_timeout_ms): the client gets its answer now. */
export function deadlineExceeded(deadlineMs) {
    return new ApiError(504, `The upstream did not answer within the gateway's ${deadlineMs} ms deadline.`, 'upstream_timeout');
}
/**
 * The client went away: nobody will read an answer, so the call stops. 499 is nginx's "client closed request";
 * it only shows in the request log line, as nothing can be sent.
 */
export function clientClosed() {
    return new ApiError(499, 'The client closed the request before the completion finished.', 'invalid_request_error');
}
