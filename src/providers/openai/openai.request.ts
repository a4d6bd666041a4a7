import type { ModelEntry } from '../../config/model-entry.js';
import type { ChatMessage } from '../provider-definition.js';

/** The Chat Completions body the gateway sends (a subset of CreateChatCompletionRequest). */
export interface ChatCompletionsBody extends Record<string, unknown> {
  model: string;
  messages: ChatMessage[];
}

/** The conversation as it is (Chat Completions is the gateway's own vocabulary); parameters renamed by the rules. */
export function chatCompletionsBody(model: ModelEntry, messages: readonly ChatMessage[], params: Record<string, unknown>): ChatCompletionsBody {
  return { model: model.upstream_model, messages: messages.map(({ role, content }) => ({ role, content })), ...params };
}

/** Bearer authentication, when there is a key to send. */
export function bearer(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}
