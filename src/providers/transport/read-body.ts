import type { UpstreamReply } from './upstream-transport.js';
import { transportFailure } from './upstream-transport.js';
import { UpstreamError } from '../upstream-errors.js';

/** The body grew past UPSTREAM_MAX_RESPONSE_BYTES: not retried, another attempt would send the same. */
export function responseTooLarge(label: string, maxBytes: number): UpstreamError {
  return new UpstreamError(
    502,
    `${label}'s response exceeded UPSTREAM_MAX_RESPONSE_BYTES (${maxBytes} bytes).`,
    'upstream_error',
    undefined,
    false,
  );
}

/** What a stream iterator reports when a body ends without 'end' or an error; mapped like a cut body. */
function prematureClose(): NodeJS.ErrnoException {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a whole body as UTF-8, at most `maxBytes` of it: a larger one (announced or streamed) is abandoned at
 * once and answered as 502. A body cut by the network or by `signal` maps like a request that got no answer.
 * Read through 'data' events rather than an async iterator: the iterator's per-chunk promises and stream-state
 * checks were about 2 % of a completion's CPU under load (docs/benchmarks.md).
 */
export function readBody(label: string, reply: UpstreamReply, maxBytes: number, signal: AbortSignal): Promise<string> {
  const body = reply.body;
  const announced = Number(reply.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) {
    body.destroy();
    return Promise.reject(responseTooLarge(label, maxBytes));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      reject(error instanceof UpstreamError ? error : transportFailure(label, error, signal));
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(responseTooLarge(label, maxBytes));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    body.once('error', fail);
    body.once('close', () => fail(prematureClose()));
  });
}
