import { Injectable, Optional } from '@nestjs/common';
import { KeyPolicy } from '../teams/key-policy.service.js';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import { CompletionsService } from '../completions/completions.service.js';
import type { CallOutcome } from '../completions/resilience/resilience-loop.js';
import { ModelsService } from '../models/models.service.js';
import type { RequestFacts } from '../observability/request-facts.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import type { SseEncoder } from '../completions/streaming/sse-body.js';
import { conversationText } from '../providers/chat-text.js';
import type { CompletionRequest, CompletionResult } from '../providers/provider-definition.js';
import type { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import type { ChatCompletionResponseDto, OpenAIModelDto, OpenAIModelListDto, TextCompletionResponseDto } from './dto/openai-responses.dto.js';
import type { TextCompletionRequestDto } from './dto/text-completion-request.dto.js';
import type { EmbeddingRequestDto } from './dto/embedding-request.dto.js';
import { fromEmbeddingRequest, toEmbeddingResponse } from './openai-embeddings.mapping.js';
import { fromChatRequest, fromTextRequest, streamSettings } from './openai-request.mapping.js';
import { chatChunkEncoder, textChunkEncoder, type OpenAIStreamOptions } from './openai-stream.encoders.js';
import { toChatCompletion, toTextCompletion } from './openai-response.mapping.js';

/** `created` of every model: the gateway cannot know when a provider made one, and clients want a stable number. */
export const MODEL_CREATED = 1_764_288_000;

/** A response and the upstream requests it took (for X-Gateway-Attempts). */
export interface Served<T> {
  body: T;
  attempts: number;
}

/** A started stream and how this surface writes it (for SseResponder.respond). */
export interface OpenAIStream {
  stream: CompletionStream;
  encoder: SseEncoder;
}

/** The OpenAI-compatible surface over the same services as REST and MCP: only the shapes differ. */
@Injectable()
export class OpenAICompatService {
  constructor(
    private readonly models: ModelsService,
    private readonly completions: CompletionsService,
    @Optional() private readonly policy?: KeyPolicy,
  ) {}

  async chat(dto: ChatCompletionRequestDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<Served<ChatCompletionResponseDto>> {
    const model = this.model(dto.model);
    const { result, attempts } = await this.served(model, fromChatRequest(dto), signal, facts, client);
    return { body: toChatCompletion(model.id, result, now()), attempts };
  }

  async complete(dto: TextCompletionRequestDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<Served<TextCompletionResponseDto>> {
    const model = this.model(dto.model);
    const { result, attempts } = await this.served(model, fromTextRequest(dto), signal, facts, client);
    return { body: toTextCompletion(model.id, result, now()), attempts };
  }

  /** Embeddings (docs/embeddings.md): the vectors in the encoding asked for, whatever the upstream sent. */
  async embed(dto: EmbeddingRequestDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<Served<Record<string, unknown>>> {
    const model = this.model(dto.model);
    const request = fromEmbeddingRequest(dto);
    facts?.requested(model.id, model.provider, typeof dto.input === 'string' ? dto.input : JSON.stringify(dto.input));
    const { result, attempts } = await this.completions.embed(model, request, signal, facts, client);
    return { body: toEmbeddingResponse(model.id, result, request.encoding_format), attempts };
  }

  /** `stream: true` on chat: `chat.completion.chunk`s over the same streaming core as POST /v1/complete. */
  chatStream(dto: ChatCompletionRequestDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<OpenAIStream> {
    return this.streamed(dto, fromChatRequest(dto), chatChunkEncoder, signal, facts, client);
  }

  /** `stream: true` on legacy completions: `text_completion` chunks. */
  textStream(dto: TextCompletionRequestDto, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<OpenAIStream> {
    return this.streamed(dto, fromTextRequest(dto), textChunkEncoder, signal, facts, client);
  }

  /** Checks before any attempt, then the stream (resolved at its first delta: failures before it are thrown). */
  private async streamed(
    dto: ChatCompletionRequestDto | TextCompletionRequestDto,
    request: CompletionRequest,
    encode: (stream: CompletionStream, options: OpenAIStreamOptions) => SseEncoder,
    signal: AbortSignal | undefined,
    facts: RequestFacts | undefined,
    client: ClientIdentity | undefined,
  ): Promise<OpenAIStream> {
    const model = this.model(dto.model);
    const { includeUsage } = streamSettings(dto);
    facts?.requested(model.id, model.provider, promptOf(request));
    const stream = await this.completions.streamCall(model, request, signal, undefined, facts, client);
    return { stream, encoder: encode(stream, { includeUsage, created: now() }) };
  }

  /** The shared call, with the request's facts (log line, metrics) told the model, the prompt and the usage. */
  private async served(
    model: ModelEntry,
    request: CompletionRequest,
    signal: AbortSignal | undefined,
    facts: RequestFacts | undefined,
    client: ClientIdentity | undefined,
  ): Promise<CallOutcome<CompletionResult>> {
    facts?.requested(model.id, model.provider, promptOf(request));
    const outcome = await this.completions.call(model, request, signal, undefined, facts, client);
    facts?.served(outcome.servedBy, outcome.result.usage.prompt_tokens, outcome.result.usage.completion_tokens);
    return outcome;
  }

  /** The models this key may use (all of them, but for a managed key limited to some: docs/teams.md). */
  list(client?: ClientIdentity): OpenAIModelListDto {
    const visible = this.visible(client, this.models.ids().map((id) => this.model(id)));
    return { object: 'list', data: visible.map((model) => this.toModel(model)) };
  }

  /** One model; a model this key may not use is as unknown as one that does not exist (404 model_not_found). */
  retrieve(id: string, client?: ClientIdentity): OpenAIModelDto {
    const [model] = this.visible(client, [this.model(id)]);
    if (!model) throw unknownModel(id);
    return this.toModel(model);
  }

  private toModel(model: ModelEntry): OpenAIModelDto {
    return { id: model.id, object: 'model', created: MODEL_CREATED, owned_by: model.provider, ...this.models.capabilities(model) };
  }

  private visible(client: ClientIdentity | undefined, models: ModelEntry[]): ModelEntry[] {
    return this.policy ? this.policy.visibleModels(client, models) : models;
  }

  /** OpenAI answers an unknown model with 404 `model_not_found` (the error surface sets the code). */
  private model(id: string): ModelEntry {
    const model = this.models.find(id);
    if (!model) throw unknownModel(id);
    return model;
  }
}

/** OpenAI's answer for an unknown model: 404, `model_not_found` (set by the error surface for param `model`). */
export function unknownModel(id: string): ApiError {
  return new ApiError(404, `The model '${id.slice(0, 128)}' does not exist or you do not have access to it.`, 'not_found_error', 'model');
}

const promptOf = (request: CompletionRequest): string => conversationText(request.messages);
const now = (): number => Math.floor(Date.now() / 1000);


