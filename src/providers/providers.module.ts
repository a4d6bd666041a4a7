import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ProvidersService } from './providers.service.js';
import { UpstreamTransport } from './transport/upstream-transport.js';

/**
 * The provider definitions (src/providers/registry.ts) behind ProvidersService, over the undici transport.
 * HttpModule (axios) stays registered for control-plane calls such as provider probes, never for completions.
 */
@Module({
  imports: [HttpModule],
  providers: [UpstreamTransport, ProvidersService],
  exports: [ProvidersService, HttpModule],
})
export class ProvidersModule {}
