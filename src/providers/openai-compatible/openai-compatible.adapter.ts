import { Injectable } from '@nestjs/common';
import type { ModelEntry, ProviderKind } from '../../config/model-entry.js';
import { OpenAIAdapter, type ChatCompletionsTarget } from '../openai/openai.adapter.js';

/**
 * Any server speaking the Chat Completions API (vLLM, Ollama, LM Studio...): OpenAI's mapping, with the base URL
 * and key variable of the model entry.
 */
@Injectable()
export class OpenAICompatibleAdapter extends OpenAIAdapter {
  override readonly kind: ProviderKind = 'openai-compatible';
  override readonly label: string = 'The OpenAI-compatible upstream';

  protected override target(model: ModelEntry): ChatCompletionsTarget {
    const apiKey = model.api_key_env ? this.config.env[model.api_key_env]?.trim() : undefined;
    return { baseUrl: (model.base_url ?? '').replace(/\/+$/, ''), apiKey: apiKey || undefined };
  }

  override missingCredential(model: ModelEntry): string | undefined {
    return model.api_key_env && !this.target(model).apiKey ? model.api_key_env : undefined;
  }
}
