/** TLS verification failures: configuration problems that another attempt cannot fix. */
export const TLS_TRUST_CODES = new Set([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/**
 * The code that explains a network failure. A TLS verification code anywhere in the cause chain wins (HTTP/2
 * and wrapped errors carry the real cause underneath).
 */
export function failureCode(error) {
    let cause = error;
    let first;
    for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth += 1) {
        const code = cause.code;
        if (typeof code === 'string' && TLS_TRUST_CODES.has(code))
            return code;
        if (typeof code === 'string')
            first ??= code;
        cause = cause.cause;
    }
    return first;
}
/** Why a request did not get an answer, in words a client can act on (never the URL: it may carry secrets). */
export function networkReason(code, message = '') {
    switch (code) {
        case 'ECONNREFUSED':
            return 'connection refused';
        case 'ECONNRESET':
        case 'EPIPE':
        case 'UND_ERR_SOCKET':
        case 'UND_ERR_CLOSED':
            return 'connection reset';
        case 'ERR_HTTP2_STREAM_ERROR':
        case 'ERR_HTTP2_STREAM_CANCEL':
            return 'stream reset';
        case 'ERR_HTTP2_ERROR':
        case 'ERR_HTTP2_SESSION_ERROR':
        case 'ERR_HTTP2_GOAWAY_SESSION':
            return 'HTTP/2 session failed';
        case 'UND_ERR_INFO':
            // undici reports HTTP/2 stream trouble as "informational" errors: a reset stream or one closed early.
            return message.startsWith('HTTP/2: "stream error"') || message.includes('stream closed') ? 'stream reset' : 'HTTP/2 session failed';
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return 'host not found';
        case 'ECONNABORTED':
        case 'ETIMEDOUT':
        case 'UND_ERR_CONNECT_TIMEOUT':
            return 'timed out';
        case 'UND_ERR_ABORTED':
        case 'UND_ERR_ABORT':
            return 'request cancelled';
        default:
            if (code !== undefined && TLS_TRUST_CODES.has(code))
                return 'its TLS certificate is not trusted';
            return code ? code.toLowerCase().replace(/_/g, ' ') : 'network error';
    }
}
