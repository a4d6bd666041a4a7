import { EventEmitter } from 'node:events';
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

/** Where the frames go: the HTTP response (HTTP/1.1 or HTTP/2's compatibility response), as a writable stream. */
export interface SseDestination {
  write(chunk: string): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * The response body of a streamed completion, as Fastify sends a stream: it calls `pipe(response)`, watches the
 * source's 'end' and 'close', and `destroy()`s it when the response closes first; Nest's StreamableFile takes any
 * such pipeable source. The frames are written straight to the response from `pipe()` on: a Node Readable in
 * between (its buffer, 'data' events, a Buffer copy of every frame, pipe's listeners) cost about 6 % of a stream's
 * CPU (docs/benchmarks.md, fifth pass). `destroy()` before the end cancels the upstream stream.
 */
export class SseSource extends EventEmitter {
  /** The end was written: a close after it is not the client leaving. */
  readableEnded = false;
  destroyed = false;

  constructor(
    private readonly start: (destination: SseDestination, end: boolean) => void,
    private readonly cancel: () => void,
  ) {
    super();
  }

  /** Starts writing to `destination` (Fastify's reply.raw); `{end: false}` leaves ending it to the caller. */
  pipe<T extends SseDestination>(destination: T, options?: { end?: boolean }): T {
    if (!this.destroyed) this.start(destination, options?.end !== false);
    return destination;
  }

  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    if (!this.readableEnded) this.cancel();
    process.nextTick(() => {
      if (error) this.emit('error', error);
      this.emit('close');
    });
    return this;
  }

  /** The pump wrote its last frame. */
  ended(): void {
    if (this.destroyed) return;
    this.readableEnded = true;
    this.destroyed = true;
    this.emit('end');
    this.emit('close');
  }
}

/** Resolves true once the destination drained (or closed), false when `timeoutMs` passed first. */
function drained(destination: SseDestination, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (read: boolean): void => {
      clearTimeout(timer);
      destination.off('drain', onDrain);
      destination.off('close', onDrain);
      resolve(read);
    };
    const onDrain = (): void => done(true);
    const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
    destination.once('drain', onDrain);
    destination.once('close', onDrain);
  });
}

/**
 * The response body of a streamed completion: each delta encoded and written as it arrives (a slow client slows
 * the upstream reading instead of filling memory), keep-alive comments while nothing comes, the encoder's ending
 * or failure frame, then the end. Closing the body early (the client left) cancels the upstream stream. A client
 * that stops reading is not waited for past the stream's deadline or `writeStallMs`, whichever comes first: its
 * connection is closed (the response destroyed) and the upstream stream cancelled. The stream is read from the
 * start, as before any pipe: a body destroyed before it was piped still ends the stream (its usage recorded).
 */
export function sseBody(stream: CompletionStream, encoder: SseEncoder, options: SseOptions): SseSource {
  let out: SseDestination | undefined;
  let endOut = true;
  let piped: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (piped = resolve));
  const source: SseSource = new SseSource(
    (destination, end) => {
      out = destination;
      endOut = end;
      keepAlive.refresh();
      piped();
    },
    () => {
      stream.cancel();
      piped();
    },
  );
  // A failure after the client left has nobody to tell; the cancel already ends everything.
  source.on('error', () => undefined);
  const stallMs = options.writeStallMs ?? WRITE_STALL_MS;
  const gone = (): boolean => source.destroyed || out === undefined || out.destroyed || out.writableEnded;
  // One timer for the whole stream, pushed back by every write (refresh() re-arms it without a new Timeout).
  const keepAlive = setTimeout(function ping(this: NodeJS.Timeout) {
    if (gone()) return;
    out!.write(KEEP_ALIVE_FRAME);
    this.refresh();
  }, options.keepAliveMs);
  /** Writes the frames; a promise only when the client is not keeping up (undefined: written, go on). */
  const write = (frames: string): Promise<void> | undefined => {
    if (frames === '' || gone()) return undefined;
    keepAlive.refresh();
    if (out!.write(frames)) return undefined;
    const limitMs = Math.min(stallMs, (stream.deadlineAt ?? Infinity) - Date.now());
    return drained(out!, limitMs).then((read) => {
      if (read) return;
      out!.destroy(new Error('the client stopped reading the stream'));
      source.destroy();
    });
  };
  const pump = async (): Promise<void> => {
    try {
      // The deltas that arrived together leave in one write.
      for await (const batch of stream.batches) {
        // The first batch waits for Fastify's pipe() (or a destroy() instead, which ends the loop).
        if (out === undefined) await ready;
        if (out === undefined) return;
        let frames = '';
        for (const delta of batch) frames += encoder.delta(delta);
        const slow = write(frames);
        if (slow) await slow;
      }
      if (out === undefined) await ready;
      await write(encoder.done());
    } catch (error) {
      // 499: the client left, nobody reads a failure event.
      if (error instanceof ApiError && error.status === 499) return;
      options.onFailure?.(error);
      if (out === undefined) await ready;
      await write(encoder.failure(error));
    } finally {
      clearTimeout(keepAlive);
      if (!gone()) {
        if (endOut) out!.end();
        source.ended();
      }
    }
  };
  void pump();
  return source;
}
