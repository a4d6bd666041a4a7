import { Module } from '@nestjs/common';
import { CompletionsModule } from '../completions/completions.module.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { ModelsModule } from '../models/models.module.js';
import { ClientLogLevels } from './client-log.js';
import { GatewayTools } from './gateway-tools.js';
import { InFlightCalls } from './in-flight-calls.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { MCP_SETTINGS } from './mcp-settings.js';

/** The MCP tools and the server factory, shared by the HTTP endpoint (McpHttpModule) and the stdio entry. */
@Module({
  imports: [CompletionsModule, ModelsModule],
  providers: [
    { provide: MCP_SETTINGS, inject: [CONFIG], useFactory: (config: GatewayConfig) => config.mcp },
    InFlightCalls,
    ClientLogLevels,
    GatewayTools,
    McpServerFactory,
  ],
  exports: [MCP_SETTINGS, InFlightCalls, McpServerFactory],
})
export class McpModule {}
