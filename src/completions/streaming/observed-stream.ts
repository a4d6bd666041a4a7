import { ApiError } from '../../common/api-error.js';
import type { RequestFacts } from '../../observability/request-facts.js';
import type { TokenUsage } from '../../providers/provider-definition.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import type { CompletionStream } from './completion-stream.js';

/**
 * The same stream, telling the request's facts (its log line and metrics) when the first text reached the client
 * (time to first token), the usage at the end, or the error type when it failed after it had started; and
 * `onEnd` once, however the stream ended (a managed key's spend: docs/teams.md): with the upstream's usage, or
 * with none and the characters of text already passed on when it ended before the final event (the client left,
 * the deadline, an upstream failure), for an estimate.
 */
export function observedStream(
  stream: CompletionStream,
  facts: RequestFacts | undefined,
  onEnd: (usage: TokenUsage | undefined, textChars: number) => void,
): CompletionStream {
  const inner = stream.batches[Symbol.asyncIterator]();
  let textChars = 0;
  let ended = false;
  let settled = false;
  /** Once, however the stream ended: without usage when the final event never came. */
  const settle = (): void => {
    if (settled) return;
    settled = true;
    if (!ended) onEnd(undefined, textChars);
  };
  const observe = (batch: readonly StreamDelta[]): void => {
    for (const delta of batch) {
      if (delta.text) {
        facts?.firstToken();
        textChars += delta.text.length;
      }
      if (delta.finish_reason !== undefined) {
        facts?.served(stream.servedBy, delta.usage?.prompt_tokens, delta.usage?.completion_tokens);
        ended = true;
        // A server that reports no usage spends nothing measurable: it is recorded as zero tokens.
        onEnd(delta.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, textChars);
      }
    }
  };
  const failed = (error: unknown): never => {
    facts?.failed(error instanceof ApiError ? error.type : 'internal_error');
    settle();
    throw error;
  };
  // An iterator of its own rather than an async generator around the inner one: one promise per batch instead of
  // a generator's resumption and awaits (streams allocate the most per request: docs/benchmarks.md).
  const batches: AsyncIterableIterator<readonly StreamDelta[]> = {
    next: () =>
      inner.next().then((step) => {
        if (step.done === true) settle();
        else {
          try {
            observe(step.value);
          } catch (error) {
            return failed(error);
          }
        }
        return step;
      }, failed),
    // The consumer left early (the client disconnected): the inner stream ends its upstream request.
    return: async (value?: unknown) => {
      try {
        await inner.return?.();
      } finally {
        settle();
      }
      return { done: true, value } as IteratorReturnResult<readonly StreamDelta[]>;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { ...stream, batches };
}
