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

/** How much of an error body is kept: far more than any provider's message needs; the rest is read and dropped. */
export const ERROR_BODY_BYTES = 64 * 1024;

/** A body as read: its first bytes as UTF-8, and whether more came after them. */
export interface BodyText {
  text: string;
  cut: boolean;
}

/**
 * Reads a whole body as UTF-8, at most `maxBytes` of it: a larger one (announced or streamed) is abandoned at
 * once and answered as 502. A body cut by the network or by `signal` maps like a request that got no answer.
 */
export async function readBody(label: string, reply: UpstreamReply, maxBytes: number, signal: AbortSignal): Promise<string> {
  return (await collect(label, reply, maxBytes, maxBytes, signal)).text;
}

/**
 * Reads an error answer under the same bound, keeping only its first ERROR_BODY_BYTES: parsing megabytes of an
 * error (which an upstream may echo from client input) would hold the event loop for every other request.
 */
export function readErrorBody(label: string, reply: UpstreamReply, maxBytes: number, signal: AbortSignal): Promise<BodyText> {
  return collect(label, reply, Math.min(ERROR_BODY_BYTES, maxBytes), maxBytes, signal);
}

async function collect(label: string, reply: UpstreamReply, keepBytes: number, maxBytes: number, signal: AbortSignal): Promise<BodyText> {
  const announced = Number(reply.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) {
    reply.body.destroy();
    throw responseTooLarge(label, maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let kept = 0;
  try {
    for await (const chunk of reply.body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > maxBytes) {
        reply.body.destroy();
        throw responseTooLarge(label, maxBytes);
      }
      if (kept < keepBytes) {
        const part = bytes.length <= keepBytes - kept ? bytes : bytes.subarray(0, keepBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw transportFailure(label, error, signal);
  }
  return { text: Buffer.concat(chunks, kept).toString('utf8'), cut: size > kept };
}
