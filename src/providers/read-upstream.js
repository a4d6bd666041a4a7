import { parseJson } from '../common/json.js';
import { leadingMessage } from './leading-message.js';
import { redact } from './redact.js';
import { retryAfterHeader, retryAfterMs } from './retry-hint.js';
import { malformed, mapUpstreamFailure } from './upstream-errors.js';
/** An upstream message is cut to this many characters before anything else (redaction included) sees it. */
export const UPSTREAM_MESSAGE_CUT = 2000;
/**
 * Turns an upstream answer into a result, or throws the mapped UpstreamError: errors through the status table
 * with the provider's message cut and redacted, unreadable success bodies as 502. `request` is what was asked.
 */
export function readUpstream(definition, answer, request, secret) {
    return readUpstreamWith(definition, answer, (body) => definition.readResult(body, request), secret);
}
/** readUpstream() with another reader of success bodies (e.g. the embeddings slot's). */
export function readUpstreamWith(definition, answer, read, secret) {
    const { label } = definition;
    const body = parseJson(answer.text);
    if (answer.status >= 400) {
        const message = body === undefined && answer.cut === true ? leadingMessage(answer.text, UPSTREAM_MESSAGE_CUT) : definition.errorMessage(body);
        // One reading of retry-after-ms / retry-after: milliseconds for the gateway's retries, seconds for its client.
        const hintMs = retryAfterMs(answer.headers);
        throw mapUpstreamFailure({
            provider: label,
            status: answer.status,
            message: message === undefined ? undefined : redact(message.slice(0, UPSTREAM_MESSAGE_CUT), [secret]),
            retryAfter: retryAfterHeader(hintMs),
            retryAfterMs: hintMs,
        });
    }
    if (body === undefined)
        throw malformed(label, 'body is not JSON', answer.status);
    const result = read(body);
    if (typeof result === 'string')
        throw malformed(label, result, answer.status);
    return result;
}
