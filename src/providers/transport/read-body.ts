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

/**
 * Reads a whole body as UTF-8, at most `maxBytes` of it: a larger one (announced or streamed) is abandoned at
 * once and answered as 502. A body cut by the network or by `signal` maps like a request that got no answer.
 */
export async function readBody(label: string, reply: UpstreamReply, maxBytes: number, signal: AbortSignal): Promise<string> {
  const announced = Number(reply.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) {
    reply.body.destroy();
    throw responseTooLarge(label, maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of reply.body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > maxBytes) {
        reply.body.destroy();
        throw responseTooLarge(label, maxBytes);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw transportFailure(label, error, signal);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
