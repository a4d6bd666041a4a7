import { createGateway } from './app.factory.js';
import { parseApiKeys } from './auth/api-keys.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig, type GatewayConfig } from './config/gateway-config.js';
import { serverScheme } from './config/server-transport.js';

function readConfig(): GatewayConfig {
  try {
    return loadConfig(process.env, parseApiKeys);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const app = await createGateway(config);
  await app.listen({ port: config.port, host: config.host });
  const log = app.getHttpAdapter().getInstance().log;
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
