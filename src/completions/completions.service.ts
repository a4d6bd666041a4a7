import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import { ModelsService } from '../models/models.service.js';
import type { CompletionRequest, CompletionResult, ProviderAdapter } from '../providers/provider-adapter.js';
import { ProvidersService } from '../providers/providers.service.js';
import { ResilientCaller, type CallObserver, type ModelTarget } from '../providers/resilience/resilient-caller.js';
import { CALL_STATS, type Completion } from './completion-stats.js';
import type { CompleteRequestDto } from './dto/complete-request.dto.js';

/**
 * A completion from start to end: model rules, the upstream call with its retries, deadline and fallbacks, and
 * the response in the seed's shape.
 */
@Injectable()
export class CompletionsService {
  private readonly logger = new Logger('Completions');

  constructor(
    private readonly models: ModelsService,
    private readonly providers: ProvidersService,
    private readonly resilience: ResilientCaller,
  ) {}

  /**
   * `signal` aborts the upstream request (the client left); no retry follows. Errors are ApiErrors; those
   * from the upstream call carry the X-Gateway-Attempts header. `observer` hears of retries and fallbacks.
   */
  async complete(dto: CompleteRequestDto, signal?: AbortSignal, observer?: CallObserver): Promise<Completion> {
    const model = this.models.find(dto.model);
    if (!model) throw ApiError.invalid("Invalid 'model' parameter.", 'model');
    const targets = [this.target(model, dto), ...(model.fallbacks ?? []).flatMap((id) => this.fallbackTarget(id, dto))];
    const { value: result, attempts, servedBy } = await this.resilience.call(targets, signal, observer);
    return {
      id: `cmpl-${randomUUID().replace(/-/g, '')}`,
      model: model.id,
      served_by: servedBy,
      choices: [{ text: result.text, finish_reason: result.finish_reason }],
      usage: result.usage,
      [CALL_STATS]: { attempts },
    };
  }

  /** The upstream call for one model, after the checks that can refuse the request without calling it. */
  private target(model: ModelEntry, dto: CompleteRequestDto): ModelTarget<CompletionResult> {
    const adapter = this.providers.adapterFor(model.provider);
    const missing = adapter.missingCredential(model);
    if (missing !== undefined) {
      throw new ApiError(503, `Model '${model.id}' is unavailable: the gateway has no ${missing} configured.`, 'service_unavailable');
    }
    const request = this.checkAgainstModel(dto, model, adapter);
    return { model, label: adapter.label, attempt: (signal) => adapter.complete(model, request, signal) };
  }

  /** A fallback that cannot take this request (no credentials, limits) is skipped, never the client's error. */
  private fallbackTarget(id: string, dto: CompleteRequestDto): ModelTarget<CompletionResult>[] {
    const model = this.models.find(id);
    if (!model) return [];
    try {
      return [this.target(model, dto)];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.logger.debug(`fallback '${id}' skipped: ${error.message}`);
      return [];
    }
  }

  /** The limits that depend on the model: its output cap and its provider's temperature range. */
  private checkAgainstModel(dto: CompleteRequestDto, model: ModelEntry, adapter: ProviderAdapter): CompletionRequest {
    if (dto.max_tokens !== undefined && dto.max_tokens > model.max_output_tokens) {
      throw ApiError.invalid(
        `Invalid 'max_tokens' parameter: model '${model.id}' allows at most ${model.max_output_tokens}.`,
        'max_tokens',
      );
    }
    if (dto.temperature !== undefined && dto.temperature > adapter.maxTemperature) {
      throw ApiError.invalid(
        `Invalid 'temperature' parameter: must be between 0 and ${adapter.maxTemperature} for model '${model.id}'.`,
        'temperature',
      );
    }
    return {
      prompt: dto.prompt,
      max_tokens: dto.max_tokens ?? undefined,
      temperature: dto.temperature ?? undefined,
      top_p: dto.top_p ?? undefined,
      // JSON null means "not set", like an absent field.
      stop: typeof dto.stop === 'string' ? [dto.stop] : (dto.stop ?? undefined),
    };
  }
}
