import { transportFailure } from './upstream-transport.js';
import { UpstreamError } from '../upstream-errors.js';
/** The body grew past UPSTREAM_MAX_RESPONSE_BYTES: not retried, another attempt would send the same. */
export function responseTooLarge(label, maxBytes) {
    return new UpstreamError(502, `${label}'s response exceeded UPSTREAM_MAX_RESPONSE_BYTES (${maxBytes} bytes).`, 'upstream_error', undefined, false);
}
/** What a stream iterator reports when a body ends without 'end' or an error; mapped like a cut body. */
function prematureClose() {
    return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
/** How much of an error body is kept: far more than any provider's message needs; the rest is read and dropped. */
export const ERROR_BODY_BYTES = 64 * 1024;
/**
 * Reads a whole body as UTF-8, at most `maxBytes` of it: a larger one (announced or streamed) is abandoned at
 * once and answered as 502. A body cut by the network or by `signal` maps like a request that got no answer.
 */
export async function readBody(label, reply, maxBytes, signal) {
    return (await collect(label, reply, maxBytes, maxBytes, signal)).text;
}
/**
 * Reads an error answer under the same bound, keeping only its first ERROR_BODY_BYTES: parsing megabytes of an
 * error (which an upstream may echo from client input) would hold the event loop for every other request.
 */
export function readErrorBody(label, reply, maxBytes, signal) {
    return collect(label, reply, Math.min(ERROR_BODY_BYTES, maxBytes), maxBytes, signal);
}
/**
 * Keeps the first `keepBytes`, fails past `maxBytes`. Read through 'data' events rather than an async iterator:
 * the iterator's per-chunk promises and stream-state checks were about 2 % of a completion's CPU under load
 * (docs/benchmarks.md).
 */
function collect(label, reply, keepBytes, maxBytes, signal) {
    const body = reply.body;
    const announced = Number(reply.headers['content-length']);
    if (Number.isFinite(announced) && announced > maxBytes) {
        body.destroy();
        return Promise.reject(responseTooLarge(label, maxBytes));
    }
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        let kept = 0;
        let settled = false;
        const fail = (error) => {
            if (settled)
                return;
            settled = true;
            reject(error instanceof UpstreamError ? error : transportFailure(label, error, signal));
        };
        body.on('data', (chunk) => {
            if (settled)
                return;
            size += chunk.length;
            if (size > maxBytes) {
                fail(responseTooLarge(label, maxBytes));
                body.destroy();
                return;
            }
            if (kept < keepBytes) {
                const part = chunk.length <= keepBytes - kept ? chunk : chunk.subarray(0, keepBytes - kept);
                chunks.push(part);
                kept += part.length;
            }
            // Everything worth keeping is here: stop reading (the connection closes) rather than pull the rest through.
            if (kept >= keepBytes && keepBytes < maxBytes) {
                settled = true;
                body.destroy();
                resolve({ text: Buffer.concat(chunks, kept).toString('utf8'), cut: true });
            }
        });
        body.once('end', () => {
            if (settled)
                return;
            settled = true;
            resolve({ text: Buffer.concat(chunks, kept).toString('utf8'), cut: size > kept });
        });
        body.once('error', fail);
        // 'close' follows every 'end': build the error (its stack trace costs) only for a body that really was cut.
        body.once('close', () => {
            if (!settled)
                fail(prematureClose());
        });
    });
}
