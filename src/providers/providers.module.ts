import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { AnthropicAdapter } from './anthropic/anthropic.adapter.js';
import { upstreamAgents } from './http-agents.js';
import { OpenAIAdapter } from './openai/openai.adapter.js';
import { OpenAICompatibleAdapter } from './openai-compatible/openai-compatible.adapter.js';
import { PROVIDER_ADAPTERS, type ProviderAdapter } from './provider-adapter.js';
import { ProvidersService } from './providers.service.js';
import { UpstreamClient } from './upstream-client.js';

/** The upstream adapters, one folder each, behind ProvidersService. */
@Module({
  imports: [HttpModule.register({ ...upstreamAgents(256) })],
  providers: [
    UpstreamClient,
    OpenAIAdapter,
    OpenAICompatibleAdapter,
    AnthropicAdapter,
    {
      provide: PROVIDER_ADAPTERS,
      useFactory: (...adapters: ProviderAdapter[]) => adapters,
      inject: [OpenAIAdapter, OpenAICompatibleAdapter, AnthropicAdapter],
    },
    ProvidersService,
  ],
  exports: [ProvidersService],
})
export class ProvidersModule {}
