import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import type { ModelEntry, ProviderKind } from '../../config/model-entry.js';
import type { CompletionRequest, CompletionResult, ProviderAdapter } from '../provider-adapter.js';
import { readUpstream, type WireReader } from '../read-upstream.js';
import { UpstreamClient } from '../upstream-client.js';
import { fromOpenAIResponse, openAIErrorMessage } from './openai.response.js';
import { toOpenAIRequest } from './openai.request.js';

const OPENAI_WIRE: WireReader = { errorMessage: openAIErrorMessage, result: fromOpenAIResponse };

/** Where and with which key one model is reached over the Chat Completions API. */
export interface ChatCompletionsTarget {
  baseUrl: string;
  apiKey?: string;
}

/** OpenAI's Chat Completions API; also the base of any server speaking it (see OpenAICompatibleAdapter). */
@Injectable()
export class OpenAIAdapter implements ProviderAdapter {
  readonly kind: ProviderKind = 'openai';
  readonly label: string = 'OpenAI';
  readonly maxTemperature = 2;

  constructor(
    @Inject(CONFIG) protected readonly config: GatewayConfig,
    private readonly client: UpstreamClient,
  ) {}

  protected target(_model: ModelEntry): ChatCompletionsTarget {
    return { baseUrl: this.config.openai.baseUrl, apiKey: this.config.openai.apiKey };
  }

  missingCredential(_model: ModelEntry): string | undefined {
    return this.config.openai.apiKey ? undefined : 'OPENAI_API_KEY';
  }

  async complete(model: ModelEntry, request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult> {
    const { baseUrl, apiKey } = this.target(model);
    const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
    const response = await this.client.postJson(
      this.label,
      `${baseUrl}/chat/completions`,
      headers,
      toOpenAIRequest(model, request),
      signal,
    );
    return readUpstream(this.label, response, OPENAI_WIRE, apiKey);
  }
}
