import { createGateway } from './app.factory.js';
import { parseApiKeys } from './auth/api-keys.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig, type GatewayConfig } from './config/gateway-config.js';
import { serverScheme } from './config/server-transport.js';
import { trackConnections } from './common/connection-tracker.js';

/** A ConfigError stops the start with one line naming the setting; anything else is a real crash. */
async function orExitOnConfigError<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config: GatewayConfig = await orExitOnConfigError(() => loadConfig(process.env, parseApiKeys));
  // Feature modules (MCP) validate their own settings while the application starts.
  const app = await orExitOnConfigError(() => createGateway(config));
  const connections = trackConnections(app.getHttpServer());
  await app.listen({ port: config.port, host: config.host });
  const log = app.getHttpAdapter().getInstance().log;
  // Graceful stop: refuse new requests (503), let in-flight ones finish for SHUTDOWN_GRACE_MS, then cut the rest.
  const stop = (signal: NodeJS.Signals): void => {
    log.info(`${signal} received: shutting down`);
    connections.closeIdleWhileDraining();
    setTimeout(() => {
      const cut = connections.destroyAll();
      if (cut > 0) log.warn(`closed ${cut} connection(s) still open after SHUTDOWN_GRACE_MS`);
    }, config.shutdownGraceMs).unref();
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (config.generatedApiKey) {
    log.warn(
      `GATEWAY_API_KEYS is not set: generated an API key for this process, shown once here: ${config.generatedApiKey}`,
    );
  }
  const address = app.getHttpServer().address();
  const port = address !== null && typeof address === 'object' ? address.port : config.port;
  log.info({ port }, `Gateway listening on ${serverScheme(config.server)}://${config.host}:${port} (docs at /docs)`);
}

void main();
