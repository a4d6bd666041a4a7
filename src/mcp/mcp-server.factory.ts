import { Injectable } from '@nestjs/common';
import type { McpServer } from '@modelcontextprotocol/server';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientLogLevels } from './client-log.js';
import { GatewayTools } from './gateway-tools.js';
import { mcpServerSdk, type McpServerSdk } from './mcp-sdk.js';

export const SERVER_NAME = 'litellm-mcp-server';

/** The package version (dist/mcp/ and src/mcp/ are both two levels below package.json). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const INSTRUCTIONS =
  "This server gives access to the gateway's language models. Call list_models to see the model ids and their "
  + 'limits, then complete with a model id and a prompt.';

/**
 * Builds MCP server instances: one per HTTP request (stateless in both protocol eras) and one per stdio
 * connection. Both transports use this one factory, so both see the same tools.
 */
@Injectable()
export class McpServerFactory {
  private readonly version = packageVersion();

  constructor(
    private readonly tools: GatewayTools,
    private readonly logLevels: ClientLogLevels,
  ) {}

  /** Loads the SDK (once per process, on the first MCP request or stdio start) and answers the instance builder. */
  async builder(): Promise<() => McpServer> {
    const sdk = await mcpServerSdk();
    return () => this.create(sdk);
  }

  private create(sdk: McpServerSdk): McpServer {
    const server = new sdk.McpServer(
      { name: SERVER_NAME, title: 'LiteLLM MCP Server', version: this.version },
      {
        instructions: INSTRUCTIONS,
        // The tool list is fixed for the life of the process (the model list is read once at boot).
        // logging: retries, fallbacks and refusals during a tool call, as notifications/message.
        capabilities: { tools: { listChanged: false }, logging: {} },
        cacheHints: { 'tools/list': { ttlMs: 300_000, cacheScope: 'private' } },
      },
    );
    this.tools.registerOn(server, this.logLevels.installOn(server), sdk);
    return server;
  }
}
