import type { ModelEntry, ProviderKind } from '../config/model-entry.js';

/** A completion request after validation, in the gateway's own terms (the REST and MCP fields). */
export interface CompletionRequest {
  prompt: string;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What an adapter hands back: the text, the finish reason in OpenAI's vocabulary, and the upstream's usage. */
export interface CompletionResult {
  text: string;
  finish_reason: string;
  usage: TokenUsage;
}

/**
 * One upstream provider. The completions service picks the adapter by the model entry's `provider`; adding a
 * provider means adding a folder with an adapter and registering it in ProvidersModule.
 */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  /** Human name for messages, e.g. "OpenAI". */
  readonly label: string;
  /** Highest temperature the provider accepts. */
  readonly maxTemperature: number;
  /** The environment variable that is missing for this model, or undefined when it can be called. */
  missingCredential(model: ModelEntry): string | undefined;
  complete(model: ModelEntry, request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult>;
}

export const PROVIDER_ADAPTERS = Symbol('ProviderAdapters');
