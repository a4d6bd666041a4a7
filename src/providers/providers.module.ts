import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { AnthropicAdapter } from './anthropic/anthropic.adapter.js';
import { upstreamAgents } from './http-agents.js';
import { OpenAIAdapter } from './openai/openai.adapter.js';
import { OpenAICompatibleAdapter } from './openai-compatible/openai-compatible.adapter.js';
import { PROVIDER_ADAPTERS, type ProviderAdapter } from './provider-adapter.js';
import { ProvidersService } from './providers.service.js';
import { ResilientCaller } from './resilience/resilient-caller.js';
import { UpstreamClient } from './upstream-client.js';
import { UpstreamProtocols } from './upstream-protocols.js';

/** The upstream adapters, one folder each, behind ProvidersService; the transport and the resilience policy. */
@Module({
  imports: [
    HttpModule.registerAsync({
      useFactory: (config: GatewayConfig) => upstreamAgents(config.upstream),
      inject: [CONFIG],
    }),
  ],
  providers: [
    UpstreamProtocols,
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
    ResilientCaller,
  ],
  exports: [ProvidersService, ResilientCaller],
})
export class ProvidersModule {}
