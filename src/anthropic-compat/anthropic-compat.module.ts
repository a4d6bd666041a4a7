import { Module } from '@nestjs/common';
import { CompletionsModule } from '../completions/completions.module.js';
import { ModelsModule } from '../models/models.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { AnthropicCompatService } from './anthropic-compat.service.js';
import { AnthropicMessagesController } from './anthropic-messages.controller.js';
import { AnthropicSurfaceHook } from './anthropic-surface.hook.js';

/**
 * The Anthropic-compatible surface under /anthropic/v1 (docs/anthropic-compatible.md). Its errors are rendered in
 * Anthropic's shape by ANTHROPIC_ERROR_SURFACE, which AppModule hands to the global exception filter.
 */
@Module({
  imports: [ModelsModule, ProvidersModule, CompletionsModule],
  controllers: [AnthropicMessagesController],
  providers: [AnthropicCompatService, AnthropicSurfaceHook],
})
export class AnthropicCompatModule {}
