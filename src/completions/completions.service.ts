import { Injectable, Logger, Optional } from '@nestjs/common';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { KeyPolicy } from '../teams/key-policy.service.js';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import { ModelsService } from '../models/models.service.js';
import type { CompletionRequest, CompletionResult } from '../providers/provider-definition.js';
import { ProvidersService } from '../providers/providers.service.js';
import type { CallOutcome } from './resilience/resilience-loop.js';
import { ResiliencePolicy, type CallObserver, type ModelTarget } from './resilience/resilience-policy.js';
import type { CompleteRequestDto } from './dto/complete-request.dto.js';
import type { CompleteResponseDto } from './dto/complete-response.dto.js';

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
   * from the upstream call carry the X-Gateway-Attempts header. `observer` hears of retries and fallbacks.
   */
  async complete(dto: CompleteRequestDto, signal?: AbortSignal, observer?: CallObserver, client?: ClientIdentity): Promise<CompletionOutcome> {
    const model = this.models.find(dto.model);
    if (!model) throw ApiError.invalid("Invalid 'model' parameter.", 'model');
    // A managed key's model access and budgets (docs/teams.md): refused before any upstream attempt.
    this.policy?.assertModelAllowed(client, model.id);
    await this.policy?.assertWithinBudget(client);
    const request = toCompletionRequest(dto);
    const targets = [this.target(model, request), ...(model.fallbacks ?? []).flatMap((id) => this.fallbackTarget(id, request, client))];
    const { result, attempts, servedBy } = await this.resilience.call(targets, signal, observer);
    const id = `cmpl-${randomUUID().replace(/-/g, '')}`;
    this.policy?.recordUsage(client, this.models.find(servedBy) ?? model, result.usage, id);
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

  private target(model: ModelEntry, request: CompletionRequest): ModelTarget<CompletionResult> {
    const call = this.providers.prepare(model, request);
    return { model, label: call.label, attempt: call.attempt };
  }

  /** A fallback that cannot take this request (no credentials, limits, rules, a model the key may not use) is skipped, never the client's error. */
  private fallbackTarget(id: string, request: CompletionRequest, client?: ClientIdentity): ModelTarget<CompletionResult>[] {
    const model = this.models.find(id);
    if (!model) return [];
    try {
      this.policy?.assertModelAllowed(client, id);
      return [this.target(model, request)];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.logger.debug(`fallback '${id}' skipped: ${error.message}`);
      return [];
    }
  }
}

/** The validated body in the providers' terms; JSON null means "not set", like an absent field. */
export function toCompletionRequest(dto: CompleteRequestDto): CompletionRequest {
  return {
    prompt: dto.prompt,
    max_tokens: dto.max_tokens ?? undefined,
    temperature: dto.temperature ?? undefined,
    top_p: dto.top_p ?? undefined,
    stop: typeof dto.stop === 'string' ? [dto.stop] : (dto.stop ?? undefined),
  };
}
