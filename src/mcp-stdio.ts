#!/usr/bin/env node
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { pino } from 'pino';
import { AppModule } from './app.module.js';
import { parseApiKeys } from './auth/api-keys.js';
import { createRootLogger, PinoNestLogger } from './common/logger.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig, type GatewayConfig } from './config/gateway-config.js';
import { McpServerFactory } from './mcp/mcp-server.factory.js';

/*
 * The gateway's MCP tools over stdio, for clients that launch servers as commands (Claude Desktop, Cursor, the
 * MCP Inspector). Same modules and services as the HTTP server, booted as an application context without HTTP.
 * stdout carries MCP messages and nothing else: every log line goes to stderr.
 */

// A stray console.log from any library would corrupt the protocol stream; send them all to stderr.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readConfig(): GatewayConfig {
  try {
    return loadConfig(process.env, parseApiKeys);
  } catch (error) {
    if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createRootLogger(config.logLevel, pino.destination(2));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  }).catch((error: unknown) => {
    // Settings checked while the modules start (e.g. MCP_ALLOWED_ORIGINS) fail the same way as loadConfig's.
    if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
    throw error;
  });
  const create = await app.get(McpServerFactory).builder();
  const connection = serveStdio(create, {
    onerror: (error) => logger.warn({ context: 'Mcp' }, `stdio: ${error.message}`),
  });

  let closing = false;
  const shutdown = async (why: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.info({ context: 'Mcp' }, `stdio server stopping (${why})`);
    await connection.close().catch(() => undefined);
    await app.close();
    process.exit(0);
  };
  // The client closing our stdin is the end of the session (the stdio binding's rule); so are the usual signals.
  process.stdin.once('end', () => void shutdown('stdin closed'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  logger.info({ context: 'Mcp' }, 'MCP server ready on stdio');
}

void main().catch((error: unknown) => {
  process.stderr.write(`litellm-mcp-server-stdio failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
