import { Module } from '@nestjs/common';
import { CONTROL_PLANE_HTTP, loadControlPlaneHttp } from './control-plane-http.js';
import { ProvidersService } from './providers.service.js';
import { UpstreamTransport } from './transport/upstream-transport.js';

/**
 * The provider definitions (src/providers/registry.ts) behind ProvidersService, over the undici transport.
 * `@nestjs/axios`'s HttpService stays the client of control-plane calls such as provider probes, never of completions;
 * it is provided as a loader (CONTROL_PLANE_HTTP), so axios is imported by the first probe, not at start.
 */
@Module({
  providers: [UpstreamTransport, ProvidersService, { provide: CONTROL_PLANE_HTTP, useValue: loadControlPlaneHttp }],
  exports: [ProvidersService, CONTROL_PLANE_HTTP],
})
export class ProvidersModule {}
