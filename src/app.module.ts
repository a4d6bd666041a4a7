import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AnthropicCompatModule } from './anthropic-compat/anthropic-compat.module.js';
import { ANTHROPIC_ERROR_SURFACE } from './anthropic-compat/anthropic-error.js';
import { AuthModule } from './auth/auth.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { ERROR_SURFACES } from './common/error-surface.js';
import { CompletionsModule } from './completions/completions.module.js';
import { ConfigModule } from './config/config.module.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { HealthModule } from './health/health.module.js';
import { McpHttpModule } from './mcp/mcp-http.module.js';
import { ModelsModule } from './models/models.module.js';
import { OpenAICompatModule } from './openai-compat/openai-compat.module.js';
import { OPENAI_ERROR_SURFACE } from './openai-compat/openai-error.js';
import { ResponsesModule } from './openai-responses/responses.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { ProvidersModule } from './providers/providers.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { TeamsModule } from './teams/teams.module.js';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TeamsModule,
        AuthModule,
        RateLimitModule,
        ObservabilityModule,
        ProvidersModule,
        ModelsModule,
        CompletionsModule,
        OpenAICompatModule,
        AnthropicCompatModule,
        ResponsesModule,
        McpHttpModule,
        HealthModule,
      ],
      providers: [
        // Errors under /openai/ and /anthropic/ leave in those APIs' shapes, everything else in the envelope.
        { provide: ERROR_SURFACES, useValue: [OPENAI_ERROR_SURFACE, ANTHROPIC_ERROR_SURFACE] },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
