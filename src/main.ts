import { createGateway } from './app.factory.js';
import { parseApiKeys } from './auth/api-keys.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig, type GatewayConfig } from './config/gateway-config.js';
import { listenError } from './config/listen-error.js';
import { trackConnections } from './common/connection-tracker.js';
import { DrainState } from './health/drain-state.js';
import { ReadinessService } from './health/readiness.service.js';
import { startupLines } from './health/startup-lines.js';

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
  const log = app.getHttpAdapter().getInstance().log;
  // Fastify's "Server listening at" (one line per interface on 0.0.0.0) is replaced by our own line below. A failed
  // listen stops the start as a configuration error (PORT, HOST) or is rethrown as a crash.
  const level = log.level;
  if (['trace', 'debug', 'info'].includes(level)) log.level = 'warn';
  await orExitOnConfigError(async () => {
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      throw listenError(error, config.host, config.port) ?? error;
    }
  });
  log.level = level;
  const drain = app.get(DrainState);
  // Graceful stop: readiness answers 503 at once; after SHUTDOWN_DRAIN_DELAY_MS new requests are refused (503)
  // and in-flight ones get SHUTDOWN_GRACE_MS to finish before the rest are cut.
  const stop = (signal: NodeJS.Signals): void => {
    drain.begin();
    log.info(`${signal} received: shutting down`);
    setTimeout(() => {
      connections.closeIdleWhileDraining();
      setTimeout(() => {
        const cut = connections.destroyAll();
        if (cut > 0) log.warn(`closed ${cut} connection(s) still open after SHUTDOWN_GRACE_MS`);
      }, config.shutdownGraceMs).unref();
      void app.close().then(() => process.exit(0));
    }, config.shutdownDrainDelayMs);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const address = app.getHttpServer().address();
  const port = address !== null && typeof address === 'object' ? address.port : config.port;
  for (const line of startupLines(config, port, app.get(ReadinessService).credentialedProviders())) {
    if (line.warn) log.warn(line.fields ?? {}, line.text);
    else log.info(line.fields ?? {}, line.text);
  }
}

void main();
