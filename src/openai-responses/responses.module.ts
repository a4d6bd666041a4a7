import { Module } from '@nestjs/common';
import { CompletionsModule } from '../completions/completions.module.js';
import { ModelsModule } from '../models/models.module.js';
import { responseStoreProvider } from './response-store.provider.js';
import { ResponsesController } from './responses.controller.js';
import { ResponsesService } from './responses.service.js';

/** POST/GET/DELETE /openai/v1/responses (docs/responses.md); errors in OpenAI's shape like the rest of /openai/. */
@Module({
  imports: [ModelsModule, CompletionsModule],
  controllers: [ResponsesController],
  providers: [ResponsesService, responseStoreProvider],
})
export class ResponsesModule {}
