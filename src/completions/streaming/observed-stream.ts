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
  async function* batches(): AsyncGenerator<readonly StreamDelta[]> {
    let textChars = 0;
    let ended = false;
    try {
      for await (const batch of stream.batches) {
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
        yield batch;
      }
    } catch (error) {
      facts?.failed(error instanceof ApiError ? error.type : 'internal_error');
      throw error;
    } finally {
      if (!ended) onEnd(undefined, textChars);
    }
  }
  return { ...stream, batches: batches() };
}
