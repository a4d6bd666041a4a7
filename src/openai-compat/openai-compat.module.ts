import { Module } from '@nestjs/common';
import { CompletionsModule } from '../completions/completions.module.js';
import { ModelsModule } from '../models/models.module.js';
import { OpenAIChatController } from './openai-chat.controller.js';
import { OpenAICompatService } from './openai-compat.service.js';
import { OpenAIEmbeddingsController } from './openai-embeddings.controller.js';
import { OpenAIModelsController } from './openai-models.controller.js';
import { OpenAISurfaceHook } from './openai-surface.hook.js';

/**
 * The OpenAI-compatible surface under /openai/v1 (docs/openai-compatible.md). Its errors are rendered in OpenAI's
 * shape by OPENAI_ERROR_SURFACE, which AppModule hands to the global exception filter.
 */
@Module({
  imports: [ModelsModule, CompletionsModule],
  controllers: [OpenAIChatController, OpenAIEmbeddingsController, OpenAIModelsController],
  providers: [OpenAICompatService, OpenAISurfaceHook],
})
export class OpenAICompatModule {}
