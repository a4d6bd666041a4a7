import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import type { ModelEntry } from '../../config/model-entry.js';
import type { CompletionRequest, CompletionResult, ProviderAdapter } from '../provider-adapter.js';
import { readUpstream, type WireReader } from '../read-upstream.js';
import { UpstreamClient } from '../upstream-client.js';
import { toAnthropicRequest } from './anthropic.request.js';
import { anthropicErrorMessage, fromAnthropicResponse } from './anthropic.response.js';

export const ANTHROPIC_VERSION = '2023-06-01';

const ANTHROPIC_WIRE: WireReader = { errorMessage: anthropicErrorMessage, result: fromAnthropicResponse };

/** Anthropic's Messages API. */
@Injectable()
export class AnthropicAdapter implements ProviderAdapter {
  readonly kind = 'anthropic' as const;
  readonly label = 'Anthropic';
  readonly maxTemperature = 1;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly client: UpstreamClient,
  ) {}

  missingCredential(_model: ModelEntry): string | undefined {
    return this.config.anthropic.apiKey ? undefined : 'ANTHROPIC_API_KEY';
  }

  async complete(model: ModelEntry, request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult> {
    const body = toAnthropicRequest(model, request);
    const apiKey = this.config.anthropic.apiKey ?? '';
    const response = await this.client.postJson(
      this.label,
      `${this.config.anthropic.baseUrl}/v1/messages`,
      { 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      body,
      signal,
    );
    return readUpstream(this.label, response, ANTHROPIC_WIRE, apiKey);
  }
}
