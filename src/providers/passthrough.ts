import type { ModelEntry } from '../config/model-entry.js';
import type { ApiError } from '../common/api-error.js';
import type { RequiredCapabilities } from './chat-types.js';
import type { CompletionRequest, CompletionResult, ProviderContext, UpstreamRequest } from './provider-definition.js';
import type { StreamTransform } from './stream-transform.js';

/** A client wire format a provider can take as sent (today only Anthropic's Messages API, docs/anthropic-compatible.md). */
export type PassthroughFormat = 'anthropic-messages';

/**
 * A request to be sent upstream as the client sent it, when the model's provider speaks the client's format.
 * `untranslatable` is set when the same request cannot be translated for other providers: such a fallback is then
 * refused (and skipped) with it.
 */
export interface PassthroughRequest {
  format: PassthroughFormat;
  /** The client's body, unknown fields included; only `model` is replaced by the definition. */
  body: Record<string, unknown>;
  /** Client headers the definition may forward (lower-case names), e.g. anthropic-version, anthropic-beta. */
  headers: Readonly<Record<string, string>>;
  /** What the body as sent needs of a model (tools, images, structured output): the model list's flags hold as sent too. */
  needs?: RequiredCapabilities;
  untranslatable?: ApiError;
}

/**
 * A provider's pass-through slot: the client's request with only `model` mapped, the answer relayed as sent
 * (`raw` on the result, `raw` events on the stream's deltas), the usage still read for budgets and the log.
 * It goes through the same checks, retries, fallbacks and usage recording as a translated call.
 */
export interface PassthroughSlot {
  readonly format: PassthroughFormat;
  buildRequest(model: ModelEntry, request: PassthroughRequest, context: ProviderContext): UpstreamRequest;
  /** Reads a success body as the gateway's result (usage, finish reason) with the body itself as `raw`. */
  readResult(body: unknown, request: CompletionRequest): CompletionResult | string;
  /** A stream whose deltas carry every upstream event as `raw`, the usage on the last one. */
  readonly stream: StreamTransform;
  /** The provider's own token count for the same request (free, not a completion), if it has one. */
  countTokens?(model: ModelEntry, request: PassthroughRequest, context: ProviderContext): UpstreamRequest;
}
