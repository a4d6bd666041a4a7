import { Injectable, Logger, Optional } from '@nestjs/common';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { KeyPolicy } from '../teams/key-policy.service.js';
import { estimatedUsage, NO_RESERVATION, type Reservation } from '../teams/budget-reservation.js';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import { ModelsService } from '../models/models.service.js';
import type { RequestFacts } from '../observability/request-facts.js';
import type { CompletionRequest, CompletionResult } from '../providers/provider-definition.js';
import { imageCount } from '../providers/chat-text.js';
import type { EmbeddingRequest, EmbeddingResult } from '../providers/embeddings.js';
import { ProvidersService } from '../providers/providers.service.js';
import type { CallOutcome } from './resilience/resilience-loop.js';
import { ResiliencePolicy, type CallObserver, type ModelTarget } from './resilience/resilience-policy.js';
import type { CompleteRequestDto } from './dto/complete-request.dto.js';
import type { CompleteResponseDto } from './dto/complete-response.dto.js';
import type { UpstreamStream } from '../providers/upstream-stream.js';
import { completionStream, type CompletionStream } from './streaming/completion-stream.js';
import { observedStream } from './streaming/observed-stream.js';
import { randomHex128 } from '../common/random-hex.js';

/** A completion and how it was obtained: `attempts` for the X-Gateway-Attempts header, `servedBy` for logs. */
export type CompletionOutcome = CallOutcome<CompleteResponseDto>;

/**
 * A completion from start to end: the checks that can refuse it (before any upstream attempt), the upstream
 * call with its retries, deadline and fallbacks, and the response in the seed's shape.
 */
@Injectable()
export class CompletionsService {
  private readonly logger = new Logger('Completions');

  constructor(
    private readonly models: ModelsService,
    private readonly providers: ProvidersService,
    private readonly resilience: ResiliencePolicy,
    @Optional() private readonly policy?: KeyPolicy,
  ) {}

  /**
   * `signal` aborts the upstream request (the client left); no retry follows. Errors are ApiErrors; those
   * from the upstream call carry the X-Gateway-Attempts header. `observer` hears of retries and fallbacks;
   * `facts` (the HTTP request's, for its log line and metrics) learns the model, the attempts and the usage;
   * `client` is the caller's key, whose model access, budget and usage apply (docs/teams.md).
   */
  async complete(
    dto: CompleteRequestDto,
    signal?: AbortSignal,
    observer?: CallObserver,
    facts?: RequestFacts,
    client?: ClientIdentity,
  ): Promise<CompletionOutcome> {
    const model = this.requestedModel(dto, facts);
    const id = completionId();
    const { result, attempts, servedBy } = await this.call(model, toCompletionRequest(dto), signal, observer, facts, client, id);
    facts?.served(servedBy, result.usage.prompt_tokens, result.usage.completion_tokens);
    return {
      result: {
        id,
        model: model.id,
        served_by: servedBy,
        choices: [{ text: result.text, finish_reason: result.finish_reason }],
        usage: result.usage,
      },
      attempts,
      servedBy,
    };
  }

  /**
   * One request against a known model, in the providers' terms: the key's policy, the checks, then the resilient
   * call, and its usage recorded. Every surface (REST, MCP, the OpenAI-compatible one) goes through here.
   */
  async call(
    model: ModelEntry,
    request: CompletionRequest,
    signal?: AbortSignal,
    observer?: CallObserver,
    facts?: RequestFacts,
    client?: ClientIdentity,
    id = completionId(),
  ): Promise<CallOutcome<CompletionResult>> {
    const reservation = await this.admit(model, client, request);
    facts?.carried(request.tools?.length ?? 0, imageCount(request.messages));
    const outcome = await settledOnFailure(reservation, () => {
      const targets = [this.target(model, request), ...this.fallbacks(model, client, (fallback) => this.target(fallback, request))];
      return this.resilience.call(targets, signal, observer, facts);
    });
    this.policy?.recordUsage(client, this.models.find(outcome.servedBy) ?? model, outcome.result.usage, id, reservation);
    return outcome;
  }

  /**
   * The same call, streamed (docs/streaming.md): resolves once the first upstream delta arrived, so every failure
   * before it is an ApiError thrown here, after the usual retries and fallbacks. A model whose provider cannot
   * stream is refused (400 naming `stream`); such a fallback is skipped. Usage is recorded when the stream ends.
   */
  async stream(
    dto: CompleteRequestDto,
    signal?: AbortSignal,
    observer?: CallObserver,
    facts?: RequestFacts,
    client?: ClientIdentity,
  ): Promise<CompletionStream> {
    const model = this.requestedModel(dto, facts);
    return this.streamCall(model, toCompletionRequest(dto), signal, observer, facts, client);
  }

  /** `stream()` for a known model in the providers' terms, as `call()` is to `complete()` (the OpenAI surface's path). */
  async streamCall(
    model: ModelEntry,
    request: CompletionRequest,
    signal?: AbortSignal,
    observer?: CallObserver,
    facts?: RequestFacts,
    client?: ClientIdentity,
  ): Promise<CompletionStream> {
    const reservation = await this.admit(model, client, request);
    facts?.carried(request.tools?.length ?? 0, imageCount(request.messages));
    const deadlineMs = this.resilience.requestTimeoutMs(model);
    const deadlineAt = Date.now() + deadlineMs;
    const { result, attempts, servedBy } = await settledOnFailure(reservation, () => {
      const targets = [this.streamTarget(model, request), ...this.fallbacks(model, client, (fallback) => this.streamTarget(fallback, request))];
      return this.resilience.call(targets, signal, observer, facts);
    });
    const id = completionId();
    const stream = completionStream({ id, model: model.id, servedBy, attempts, upstream: result, deadlineAt, deadlineMs, signal });
    const served = this.models.find(servedBy) ?? model;
    // A stream that ends before the upstream's usage (the client left, the deadline, a cut) is charged an estimate.
    return observedStream(stream, facts, (usage, textChars) =>
      this.policy?.recordUsage(client, served, usage ?? estimatedUsage(request, textChars), id, reservation, usage === undefined),
    );
  }

  /**
   * Embeddings (docs/embeddings.md) through the same policy as completions: model access, budget, retries and
   * fallbacks (to other embedding models), and the input tokens recorded as the key's usage.
   */
  async embed(model: ModelEntry, request: EmbeddingRequest, signal?: AbortSignal, facts?: RequestFacts, client?: ClientIdentity): Promise<CallOutcome<EmbeddingResult>> {
    // The reservation's estimate: the input as prompt text, and no output tokens.
    const reservation = await this.admit(model, client, { messages: [{ role: 'user', content: JSON.stringify(request.input) }], max_tokens: 0 });
    const target = (entry: ModelEntry): ModelTarget<EmbeddingResult> => ({ model: entry, ...this.providers.prepareEmbedding(entry, request) });
    const outcome = await settledOnFailure(reservation, () => this.resilience.call([target(model), ...this.fallbacks(model, client, target)], signal, undefined, facts));
    const tokens = outcome.result.prompt_tokens;
    facts?.served(outcome.servedBy, tokens, 0);
    this.policy?.recordUsage(client, this.models.find(outcome.servedBy) ?? model, { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens }, completionId(), reservation);
    return outcome;
  }

  /** The REST/MCP body's model (400 naming `model` when it is not configured), told to the request's facts. */
  private requestedModel(dto: CompleteRequestDto, facts: RequestFacts | undefined): ModelEntry {
    const model = this.models.find(dto.model);
    if (!model) throw ApiError.invalid("Invalid 'model' parameter.", 'model');
    facts?.requested(model.id, model.provider, dto.prompt);
    return model;
  }

  /**
   * A managed key's model access and budget, its maximum cost reserved (docs/teams.md), and the request's rate-limit
   * admission if the guard left it here: refused before any upstream attempt.
   */
  private async admit(model: ModelEntry, client: ClientIdentity | undefined, request: CompletionRequest): Promise<Reservation> {
    if (this.policy) {
      this.policy.assertModelAllowed(client, model.id);
      return this.policy.reserve(client, model, request);
    }
    // No managed keys: only a rate-limit admission the guard sent ahead (DeferredAdmission.inFlight) to wait for.
    if (client?.admission?.pending) await client.admission.admit();
    return NO_RESERVATION;
  }

  private target(model: ModelEntry, request: CompletionRequest): ModelTarget<CompletionResult> {
    const call = this.providers.prepare(model, request);
    return { model, label: call.label, attempt: call.attempt };
  }

  private streamTarget(model: ModelEntry, request: CompletionRequest): ModelTarget<UpstreamStream> {
    const call = this.providers.prepare(model, request);
    if (!call.openStream) throw ApiError.invalid(`Model '${model.id}' cannot stream: send the request without 'stream'.`, 'stream');
    return { model, label: call.label, attempt: call.openStream };
  }

  /**
   * Fallbacks that cannot take this request (no credentials, limits, rules, a model the key may not use) are
   * skipped, never the client's error.
   */
  private fallbacks<T>(model: ModelEntry, client: ClientIdentity | undefined, build: (fallback: ModelEntry) => ModelTarget<T>): ModelTarget<T>[] {
    return (model.fallbacks ?? []).flatMap((id) => {
      const fallback = this.models.find(id);
      if (!fallback) return [];
      try {
        this.policy?.assertModelAllowed(client, id);
        return [build(fallback)];
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        // Logged at info: a fallback that can never serve this kind of request (e.g. no tools) is worth seeing.
        this.logger.log(`fallback '${id}' skipped: ${error.message}`);
        return [];
      }
    });
  }
}

/** Runs the upstream call; a failure (no usage) gives the whole reservation back. */
async function settledOnFailure<T>(reservation: Reservation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    reservation.settle(0);
    throw error;
  }
}

function completionId(): string {
  return `cmpl-${randomHex128()}`;
}

/** The validated body in the providers' terms; JSON null means "not set", like an absent field. */
export function toCompletionRequest(dto: CompleteRequestDto): CompletionRequest {
  return {
    messages: [{ role: 'user', content: dto.prompt }],
    max_tokens: dto.max_tokens ?? undefined,
    temperature: dto.temperature ?? undefined,
    top_p: dto.top_p ?? undefined,
    stop: typeof dto.stop === 'string' ? [dto.stop] : (dto.stop ?? undefined),
  };
}
