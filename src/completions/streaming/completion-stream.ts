import { ApiError } from '../../common/api-error.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import type { UpstreamStream } from '../../providers/upstream-stream.js';
import { clientClosed, deadlineExceeded } from '../resilience/call-errors.js';

/**
 * A completion being streamed (docs/streaming.md), surface-neutral: each surface encodes `batches` in its own
 * format (POST /v1/complete's SSE, the OpenAI surface's chunks, MCP progress).
 */
export interface CompletionStream {
  /** `cmpl-…`, the same kind of id as a JSON completion's. */
  id: string;
  /** The model asked for. */
  model: string;
  /** The model answering: the one asked for, or a fallback. */
  servedBy: string;
  /** Upstream requests made before the stream started (fallbacks included): X-Gateway-Attempts. */
  attempts: number;
  /**
   * The deltas in batches, each a non-empty array of the deltas that arrived together (one upstream read), so a
   * surface writes them at once: text deltas (`{text}`) and tool-call fragments, then exactly one
   * `{finish_reason, usage?}` (usage absent when the upstream reported none), then the end. A failure after the
   * first delta is thrown as an ApiError: the upstream's (error event, cut, unreadable event, size bound), 504 for
   * the overall deadline, 499 when the client left (cancel()). Leaving the loop early ends the upstream request.
   */
  batches: AsyncIterable<readonly StreamDelta[]>;
  /** Ends the upstream request at once (idempotent); `batches` then throws 499. */
  cancel(): void;
  /** When the overall deadline passes (epoch ms): a client that stopped reading is not waited for past it. */
  deadlineAt?: number;
}

export interface StreamStart {
  id: string;
  model: string;
  servedBy: string;
  attempts: number;
  upstream: UpstreamStream;
  /** When the overall deadline (REQUEST_TIMEOUT_MS / request_timeout_ms) passes, and its length for the message. */
  deadlineAt: number;
  deadlineMs: number;
  /** The client's disconnect. */
  signal?: AbortSignal;
}

const mixed = (delta: StreamDelta): boolean => delta.text !== undefined && delta.finish_reason !== undefined;

/** Splits a delta carrying both text and the finish reason, so consumers see text first, then the end. */
function normalized(batch: StreamDelta[]): StreamDelta[] {
  if (!batch.some(mixed)) return batch;
  return batch.flatMap((delta) => (mixed(delta) ? [{ text: delta.text }, { finish_reason: delta.finish_reason, usage: delta.usage }] : [delta]));
}

/** Every delta of a stream, one at a time, for a consumer that has no use for the batches (MCP's progress). */
export async function* eachDelta(stream: Pick<CompletionStream, 'batches'>): AsyncGenerator<StreamDelta> {
  for await (const batch of stream.batches) yield* batch;
}

/**
 * The part of a streamed completion after its first upstream event: the overall deadline and the client's
 * disconnect end the upstream request at once (one timer, one listener, both removed at the end).
 */
export function completionStream(start: StreamStart): CompletionStream {
  const { upstream, signal } = start;
  let cause: 'deadline' | 'client' | undefined;
  const stop = (why: 'deadline' | 'client'): void => {
    cause ??= why;
    upstream.abort();
  };
  const timer = setTimeout(() => stop('deadline'), Math.max(0, start.deadlineAt - Date.now()));
  const onClientAbort = (): void => stop('client');
  signal?.addEventListener('abort', onClientAbort, { once: true });
  if (signal?.aborted) stop('client');
  const release = (): void => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onClientAbort);
  };

  /** Why the stream was stopped, as the error its consumer gets (the upstream's own error says only "cancelled"). */
  const stopped = (): ApiError | undefined => {
    if (cause === 'client') return clientClosed();
    if (cause === 'deadline') return deadlineExceeded(start.deadlineMs);
    return undefined;
  };

  async function* batches(): AsyncGenerator<StreamDelta[]> {
    let done = false;
    try {
      const early = stopped();
      if (early) throw early;
      yield normalized(upstream.first);
      for await (const batch of upstream.rest) yield normalized(batch);
      done = true;
    } catch (error) {
      throw stopped() ?? error;
    } finally {
      release();
      if (!done) upstream.abort();
    }
  }

  return {
    id: start.id,
    model: start.model,
    servedBy: start.servedBy,
    attempts: start.attempts,
    batches: batches(),
    cancel: () => stop('client'),
    deadlineAt: start.deadlineAt,
  };
}
