import type { ModelEntry } from '../../config/model-entry.js';
import type { CompletionRequest } from '../provider-adapter.js';

/** The Chat Completions body the gateway sends (a subset of CreateChatCompletionRequest). */
export interface OpenAIChatRequest {
  model: string;
  messages: { role: 'user'; content: string }[];
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
}

/** The prompt becomes one user message; optional fields are sent only when the client sent them. */
export function toOpenAIRequest(model: ModelEntry, request: CompletionRequest): OpenAIChatRequest {
  const body: OpenAIChatRequest = {
    model: model.upstream_model,
    messages: [{ role: 'user', content: request.prompt }],
  };
  if (request.max_tokens !== undefined) body.max_completion_tokens = request.max_tokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  return body;
}
