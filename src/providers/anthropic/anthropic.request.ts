import { ApiError } from '../../common/api-error.js';
import type { ModelEntry } from '../../config/model-entry.js';
import type { CompletionRequest } from '../provider-adapter.js';

/** The Messages API body the gateway sends. */
export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: { role: 'user'; content: string }[];
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
}

/** Anthropic's default for both sampling parameters; sending it changes nothing, and recent models reject it. */
const SAMPLING_DEFAULT = 1;

/**
 * Maps a completion onto the Messages API. `max_tokens` is required there, so the model's default fills in;
 * temperature and top_p equal to the default are dropped, and recent Claude models reject the two together,
 * so that combination is refused here rather than passed on to fail upstream.
 */
export function toAnthropicRequest(model: ModelEntry, request: CompletionRequest): AnthropicMessagesRequest {
  const temperature = request.temperature === SAMPLING_DEFAULT ? undefined : request.temperature;
  const topP = request.top_p === SAMPLING_DEFAULT ? undefined : request.top_p;
  if (temperature !== undefined && topP !== undefined) {
    throw ApiError.invalid(
      `Model '${model.id}' accepts 'temperature' or 'top_p', not both: send only one of them.`,
      'top_p',
    );
  }
  const body: AnthropicMessagesRequest = {
    model: model.upstream_model,
    max_tokens: request.max_tokens ?? model.default_max_tokens,
    messages: [{ role: 'user', content: request.prompt }],
  };
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (temperature !== undefined) body.temperature = temperature;
  if (topP !== undefined) body.top_p = topP;
  return body;
}
