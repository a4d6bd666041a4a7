import type { ServerContext } from '@modelcontextprotocol/server';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { isRecord } from '../common/json.js';
import type { CallObserver } from '../completions/resilience/resilience-policy.js';
import type { CompletionsService } from '../completions/completions.service.js';
import { eachDelta } from '../completions/streaming/completion-stream.js';
import type { CompleteRequestDto } from '../completions/dto/complete-request.dto.js';
import type { CompleteResponseDto } from '../completions/dto/complete-response.dto.js';
import type { RequestFacts } from '../observability/request-facts.js';
import { startProgressHeartbeat } from './progress-heartbeat.js';

/** The tool streams on its own; `stream` is a REST-only field, refused like any unknown argument. */
export function refuseStreamArgument(args: unknown): void {
  if (isRecord(args) && Object.hasOwn(args, 'stream')) throw ApiError.invalid("Unknown parameter 'stream'.", 'stream');
}

/**
 * The `complete` tool's call: streamed from the upstream, so progress notifications carry the text so far and a
 * cancellation (`signal`: notifications/cancelled or the closed request) ends the upstream stream at once. The
 * result is the whole completion, as POST /v1/complete's `data`; usage the upstream did not report (some
 * openai-compatible servers) is zero there, as in the JSON answer to the same upstream.
 */
export async function streamedCompletion(
  completions: CompletionsService,
  dto: CompleteRequestDto,
  ctx: ServerContext,
  signal: AbortSignal,
  progressIntervalMs: number,
  observer?: CallObserver,
  facts?: RequestFacts,
  client?: ClientIdentity,
): Promise<{ result: CompleteResponseDto; attempts: number }> {
  const progress = startProgressHeartbeat(ctx, progressIntervalMs, `Waiting for ${dto.model}`);
  try {
    const stream = await completions.stream(dto, signal, observer, facts, client);
    let text = '';
    let finish: CompleteResponseDto['choices'][number]['finish_reason'] = 'stop';
    let usage: CompleteResponseDto['usage'] = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    for await (const delta of eachDelta(stream)) {
      if (delta.text !== undefined) {
        text += delta.text;
        progress.text(text);
      }
      if (delta.finish_reason !== undefined) finish = delta.finish_reason;
      if (delta.usage !== undefined) usage = delta.usage;
    }
    return {
      result: { id: stream.id, model: stream.model, served_by: stream.servedBy, choices: [{ text, finish_reason: finish }], usage },
      attempts: stream.attempts,
    };
  } finally {
    progress.stop();
  }
}
