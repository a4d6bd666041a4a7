import { Inject, Injectable, Optional } from '@nestjs/common';
import { bodyShapeProblem, MAX_OBJECT_KEYS } from '../common/body-shape.js';
import { tooDeeplyNested } from '../common/json-depth.js';
import { MAX_MESSAGES } from '../openai-compat/dto/chat-completion-request.dto.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import { CompletionsService } from '../completions/completions.service.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import type { SseEncoder } from '../completions/streaming/sse-body.js';
import { ModelsService } from '../models/models.service.js';
import type { RequestFacts } from '../observability/request-facts.js';
import type { CompletionRequest } from '../providers/provider-definition.js';
import { ProvidersService } from '../providers/providers.service.js';
import { KeyPolicy } from '../teams/key-policy.service.js';
import { messagesEssentials, messagesNeeds, translateMessages } from './anthropic-request.mapping.js';
import { toAnthropicMessage } from './anthropic-response.mapping.js';
import { anthropicStreamEncoder } from './anthropic-stream.encoder.js';
import { invalid, record, text } from './anthropic-fields.js';
import { estimateInputTokens } from './token-estimate.js';

/** A Messages answer and the upstream requests it took (for X-Gateway-Attempts). */
export interface ServedMessage {
  body: Record<string, unknown>;
  attempts: number;
}

/** A started stream and how this surface writes it (for SseResponder.respond). */
export interface AnthropicStream {
  stream: CompletionStream;
  encoder: SseEncoder;
}

/** A Messages request checked and in the gateway's terms, ready for the one service path. */
export interface MessagesCall {
  model: ModelEntry;
  request: CompletionRequest;
  stream: boolean;
}

/**
 * Anthropic's Messages API over the same CompletionsService as every other surface (docs/anthropic-compatible.md):
 * an Anthropic model gets the request as sent (the provider's pass-through slot), any other model the translation;
 * both carry the same policies (access, budgets, rate limits, retries and fallbacks, usage, the log line).
 */
@Injectable()
export class AnthropicCompatService {
  private readonly maxJsonDepth: number;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    private readonly models: ModelsService,
    private readonly completions: CompletionsService,
    private readonly providers: ProvidersService,
    @Optional() private readonly policy?: KeyPolicy,
  ) {
    this.maxJsonDepth = config.maxJsonDepth;
  }

  /**
   * The body as an object within the bounds every other route checks, before anything reads it: MAX_OBJECT_KEYS keys
   * an object, MAX_MESSAGES messages, MAX_JSON_DEPTH. Free-form fields (tool schemas, `metadata`, beta fields passed
   * on as sent) are bounded per object only.
   */
  private body(body: unknown): Record<string, unknown> {
    const fields = record(body, 'body');
    const shape = bodyShapeProblem(undefined, fields);
    if (shape) throw invalid(shape.path.join('.') || 'body', `too many keys: at most ${MAX_OBJECT_KEYS} are accepted in one object.`);
    if (Array.isArray(fields.messages) && fields.messages.length > MAX_MESSAGES) {
      throw invalid('messages', `at most ${MAX_MESSAGES} messages are accepted in one request (got ${fields.messages.length}).`);
    }
    const deep = tooDeeplyNested(fields, this.maxJsonDepth);
    if (deep) throw invalid(deep.field ?? 'body', `nested deeper than ${this.maxJsonDepth} levels of objects and arrays (MAX_JSON_DEPTH).`);
    return fields;
  }

  /**
   * The body checked and mapped. For a model that takes the format as sent, a request the translation cannot
   * carry is still served (only fallbacks that would need the translation are skipped).
   */
  prepare(body: unknown, headers: Readonly<Record<string, string>>, facts?: RequestFacts): MessagesCall {
    const essentials = messagesEssentials(this.body(body));
    const model = this.model(essentials.model);
    const asSent = this.providers.definitionFor(model).passthrough?.format === 'anthropic-messages';
    const raw = body as Record<string, unknown>;
    let translated: CompletionRequest | ApiError;
    try {
      translated = translateMessages(raw, model.id);
    } catch (error) {
      if (!(error instanceof ApiError) || !asSent) throw error;
      translated = error;
    }
    const untranslatable = translated instanceof ApiError ? translated : undefined;
    const request: CompletionRequest = {
      ...(translated instanceof ApiError ? { messages: [], max_tokens: essentials.max_tokens } : translated),
      passthrough: { format: 'anthropic-messages', body: raw, headers, needs: messagesNeeds(raw), ...(untranslatable && { untranslatable }) },
    };
    facts?.requested(model.id, model.provider, lastMessage(essentials.messages));
    return { model, request, stream: essentials.stream };
  }

  async message(call: MessagesCall, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<ServedMessage> {
    const { result, attempts, servedBy } = await this.completions.call(call.model, call.request, signal, undefined, facts, client);
    facts?.served(servedBy, result.usage.prompt_tokens, result.usage.completion_tokens);
    const served = this.models.find(servedBy) ?? call.model;
    const body = result.raw ?? toAnthropicMessage(call.model.id, result, this.providers.definitionFor(served).label);
    return { body, attempts };
  }

  async stream(call: MessagesCall, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<AnthropicStream> {
    const stream = await this.completions.streamCall(call.model, call.request, signal, undefined, facts, client);
    return { stream, encoder: anthropicStreamEncoder(stream) };
  }

  /**
   * POST /v1/messages/count_tokens: Anthropic's own count for models that take the request as sent, else an
   * estimate over the translated request (token-estimate.ts). Free: model access applies, budgets do not.
   */
  async countTokens(body: unknown, headers: Readonly<Record<string, string>>, signal: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<Record<string, unknown>> {
    const fields = this.body(body);
    const model = this.model(text(fields.model, 'model'));
    facts?.requested(model.id, model.provider, '');
    this.policy?.assertModelAllowed(client, model.id);
    const counted = await this.providers.countTokens(model, { format: 'anthropic-messages', body: fields, headers }, signal);
    // count_tokens has no max_tokens; the translation wants one, and it does not change the input.
    return counted ?? { input_tokens: estimateInputTokens(translateMessages({ max_tokens: 1, ...fields }, model.id)) };
  }

  /** Anthropic's model list (ListModels), limited to the models this key may use. */
  list(client?: ClientIdentity): Record<string, unknown> {
    const all = this.models.ids().flatMap((id) => this.models.find(id) ?? []);
    const visible = this.policy ? this.policy.visibleModels(client, all) : all;
    const data = visible.map(modelInfo);
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }

  /** One model (ModelInfo); one this key may not use is as unknown as one that does not exist. */
  retrieve(id: string, client?: ClientIdentity): Record<string, unknown> {
    return modelInfo(this.model(id, client));
  }

  /** An unknown model, or one this key may not use, is Anthropic's 404 not_found_error. */
  model(id: string, client?: ClientIdentity): ModelEntry {
    const model = this.models.find(id);
    const visible = model && (!this.policy || this.policy.visibleModels(client, [model]).length > 0);
    if (!model || !visible) throw new ApiError(404, `model: ${id.slice(0, 128)}`, 'not_found_error', 'model');
    return model;
  }
}

/** `created_at` of every model: the gateway cannot know when a provider made one (the OpenAI surface's `created`). */
export const MODEL_CREATED_AT = '2025-11-28T00:00:00Z';

const modelInfo = (model: ModelEntry): Record<string, unknown> => ({ type: 'model', id: model.id, display_name: model.id, created_at: MODEL_CREATED_AT });

/** For the log line's prompt (LOG_PAYLOADS): the last message as the client sent it. */
function lastMessage(messages: readonly unknown[]): string {
  const last = messages.at(-1);
  if (last === undefined) return '';
  const content = (last as { content?: unknown }).content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? last);
}
