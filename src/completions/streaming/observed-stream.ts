import { ApiError } from '../../common/api-error.js';
import type { RequestFacts } from '../../observability/request-facts.js';
import type { TokenUsage } from '../../providers/provider-definition.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import type { CompletionStream } from './completion-stream.js';

/**
 * The same stream, telling the request's facts (its log line and metrics) when the first text reached the client
 * (time to first token), the usage at the end, or the error type when it failed after it had started; and
 * `onUsage` the usage of a stream that ended (a managed key's spend: docs/teams.md).
 */
export function observedStream(
  stream: CompletionStream,
  facts: RequestFacts | undefined,
  onUsage: (usage: TokenUsage) => void,
): CompletionStream {
  async function* deltas(): AsyncGenerator<StreamDelta> {
    try {
      for await (const delta of stream.deltas) {
        if (delta.text) facts?.firstToken();
        if (delta.finish_reason !== undefined) {
          facts?.served(stream.servedBy, delta.usage?.prompt_tokens, delta.usage?.completion_tokens);
          // A server that reports no usage spends nothing measurable: it is recorded as zero tokens.
          onUsage(delta.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
        }
        yield delta;
      }
    } catch (error) {
      facts?.failed(error instanceof ApiError ? error.type : 'internal_error');
      throw error;
    }
  }
  return { ...stream, deltas: deltas() };
}
