import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import { ModelsService } from '../models/models.service.js';
import type { CompletionRequest, ProviderAdapter } from '../providers/provider-adapter.js';
import { ProvidersService } from '../providers/providers.service.js';
import type { CompleteRequestDto } from './dto/complete-request.dto.js';
import type { CompleteResponseDto } from './dto/complete-response.dto.js';

/** A completion from start to end: model rules, the adapter call, and the response in the seed's shape. */
@Injectable()
export class CompletionsService {
  constructor(
    private readonly models: ModelsService,
    private readonly providers: ProvidersService,
  ) {}

  async complete(dto: CompleteRequestDto, signal?: AbortSignal): Promise<CompleteResponseDto> {
    const model = this.models.find(dto.model);
    if (!model) throw ApiError.invalid("Invalid 'model' parameter.", 'model');
    const adapter = this.providers.adapterFor(model.provider);
    const missing = adapter.missingCredential(model);
    if (missing !== undefined) {
      throw new ApiError(503, `Model '${model.id}' is unavailable: the gateway has no ${missing} configured.`, 'service_unavailable');
    }
    const request = this.checkAgainstModel(dto, model, adapter);
    const result = await adapter.complete(model, request, signal);
    return {
      id: `cmpl-${randomUUID().replace(/-/g, '')}`,
      model: model.id,
      choices: [{ text: result.text, finish_reason: result.finish_reason }],
      usage: result.usage,
    };
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
      max_tokens: dto.max_tokens,
      temperature: dto.temperature ?? undefined,
      top_p: dto.top_p ?? undefined,
      stop: typeof dto.stop === 'string' ? [dto.stop] : dto.stop,
    };
  }
}
