import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { CompletionsController } from './completions.controller.js';
import { CompletionsService } from './completions.service.js';
import { ResiliencePolicy } from './resilience/resilience-policy.js';
import { SseResponder } from './streaming/sse-responder.js';

@Module({
  imports: [ModelsModule, ProvidersModule],
  controllers: [CompletionsController],
  providers: [CompletionsService, ResiliencePolicy, SseResponder],
  exports: [CompletionsService, SseResponder],
})
export class CompletionsModule {}
