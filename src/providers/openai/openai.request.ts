import type { ModelEntry } from '../../config/model-entry.js';

/** The Chat Completions body the gateway sends (a subset of CreateChatCompletionRequest). */
export interface ChatCompletionsBody extends Record<string, unknown> {
  model: string;
  messages: { role: 'user'; content: string }[];
}

/** The prompt becomes one user message; the parameters come renamed by the provider's rules. */
export function chatCompletionsBody(model: ModelEntry, prompt: string, params: Record<string, unknown>): ChatCompletionsBody {
  return { model: model.upstream_model, messages: [{ role: 'user', content: prompt }], ...params };
}

/** Bearer authentication, when there is a key to send. */
export function bearer(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}
