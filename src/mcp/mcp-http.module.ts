import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module.js';
import { McpAdmission } from './mcp-admission.js';
import { McpHttpEndpoint } from './mcp-http.endpoint.js';
import { ToolsCallBudgets } from './tools-call-budget.js';
import { McpModule } from './mcp.module.js';
import { fastifyInstance } from '../http/fastify-instance.js';

/**
 * Mounts the MCP endpoint (/mcp) on the gateway's Fastify server. Without an HTTP server (the stdio entry boots
 * the same modules as an application context) it mounts nothing.
 */
@Module({
  imports: [McpModule, AuthModule],
  providers: [McpHttpEndpoint, McpAdmission, ToolsCallBudgets],
})
export class McpHttpModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly endpoint: McpHttpEndpoint,
  ) {}

  onModuleInit(): void {
    const fastify = fastifyInstance(this.adapterHost);
    if (fastify) this.endpoint.mount(fastify);
  }
}
