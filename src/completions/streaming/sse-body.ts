import { Readable } from 'node:stream';
import { ApiError } from '../../common/api-error.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import type { CompletionStream } from './completion-stream.js';

/**
 * Response headers of every SSE answer: nothing on the way (browser, nginx, CDN) may buffer or cache it. Lower-case,
 * as Fastify stores them (reply-headers.ts adds them in one step).
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** One SSE comment: ignored by every client, it keeps proxies and clients from timing out an idle stream. */
export const KEEP_ALIVE_FRAME = ': keep-alive\n\n';

/** One `data:` event. */
export function dataFrame(data: string): string {
  return `data: ${data}\n\n`;
}

/** How one surface writes a stream: its event for a delta, its ending, its failure event. */
export interface SseEncoder {
  /** The frames for one delta ('' sends nothing). */
  delta(delta: StreamDelta): string;
  /** The frames after the last delta, e.g. `data: [DONE]`. */
  done(): string;
  /** The last frame when the stream fails after it started. */
  failure(error: unknown): string;
}

export interface SseOptions {
  /** A keep-alive comment is sent after this long without a write (STREAM_KEEPALIVE_MS). */
  keepAliveMs: number;
  /** Told of a failure after the stream started (not of the client leaving), for the log. */
  onFailure?: (error: unknown) => void;
  /** How long a write may wait for a client that stopped reading before its connection is closed (default 30 s). */
  writeStallMs?: number;
}

/** The default bound on a write stall (docs/limits.md). */
export const WRITE_STALL_MS = 30_000;

/**
 * The body as a plain Readable the pump pushes frames into: a PassThrough (a Transform, both a Writable and a
 * Readable) cost every write its Writable half too (write callbacks, after-write ticks), and streams allocate the
 * most per request. `_read` is the reader's "more, please": it wakes a push that found the buffer full.
 */
class SseReadable extends Readable {
  /** Set while a push waits for the reader. */
  wake: (() => void) | undefined;
  /** The end was pushed: a close after it is not the client leaving. */
  ended = false;

  override _read(): void {
    this.wake?.();
  }

  /** Resolves true once the reader asked for more (or left), false when `timeoutMs` passed first. */
  readerWants(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (read: boolean): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.off('close', onClose);
        resolve(read);
      };
      const onClose = (): void => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.wake = () => done(true);
      this.once('close', onClose);
    });
  }
}

/**
 * The response body of a streamed completion: each delta encoded and written as it arrives (a slow client slows
 * the upstream reading instead of filling memory), keep-alive comments while nothing comes, the encoder's ending
 * or failure frame, then the end. Closing the body early (the client left) cancels the upstream stream. A client
 * that stops reading is not waited for past the stream's deadline or `writeStallMs`, whichever comes first: its
 * connection is closed (destroying the body makes Fastify destroy the response) and the upstream stream cancelled.
 */
export function sseBody(stream: CompletionStream, encoder: SseEncoder, options: SseOptions): Readable {
  const out = new SseReadable();
  // A failure after the client left has nobody to tell; the cancel below already ends everything.
  out.on('error', () => undefined);
  out.once('close', () => {
    if (!out.ended) stream.cancel();
  });
  // One timer for the whole stream, pushed back by every write (refresh() re-arms it without a new Timeout).
  const keepAlive = setTimeout(function ping(this: NodeJS.Timeout) {
    if (out.destroyed) return;
    out.push(KEEP_ALIVE_FRAME);
    this.refresh();
  }, options.keepAliveMs);
  const stallMs = options.writeStallMs ?? WRITE_STALL_MS;
  /** Writes the frames; a promise only when the client is not keeping up (undefined: written, go on). */
  const write = (frames: string): Promise<void> | undefined => {
    if (frames === '' || out.destroyed) return undefined;
    keepAlive.refresh();
    if (out.push(frames)) return undefined;
    const limitMs = Math.min(stallMs, (stream.deadlineAt ?? Infinity) - Date.now());
    return out.readerWants(limitMs).then((read) => {
      if (read) return;
      out.destroy(new Error('the client stopped reading the stream'));
      stream.cancel();
    });
  };
  const pump = async (): Promise<void> => {
    try {
      // The deltas that arrived together leave in one write.
      for await (const batch of stream.batches) {
        let frames = '';
        for (const delta of batch) frames += encoder.delta(delta);
        const slow = write(frames);
        if (slow) await slow;
      }
      await write(encoder.done());
    } catch (error) {
      // 499: the client left, nobody reads a failure event.
      if (error instanceof ApiError && error.status === 499) return;
      options.onFailure?.(error);
      await write(encoder.failure(error));
    } finally {
      clearTimeout(keepAlive);
      if (!out.destroyed) {
        out.ended = true;
        out.push(null);
      }
    }
  };
  void pump();
  return out;
}
