import { responseStoreLine } from '../config/responses-settings.js';
import { baseUrlWarnings } from '../config/base-url-warnings.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { serverScheme } from '../config/server-transport.js';
import { nodeVersionWarning } from './node-support.js';

export interface StartupLine {
  text: string;
  fields?: Record<string, unknown>;
  warn?: boolean;
}

/** The listen address as a browser can open it: a wildcard address (all interfaces) is reached as localhost. */
export function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Settings that are valid but probably not what was meant: logged as warnings, the start goes on. */
function settingWarnings(config: GatewayConfig, nodeVersion: string): StartupLine[] {
  const texts = baseUrlWarnings(config.providers, config.models);
  if (config.teams.adminKeyDigests.length > 0 && config.teams.databaseUrl === undefined) {
    texts.push('GATEWAY_ADMIN_KEYS is set but DATABASE_URL is not: the admin API answers 503 until a database is configured');
  }
  const node = nodeVersionWarning(nodeVersion);
  if (node !== undefined) texts.push(node);
  return texts.map((text) => ({ text, warn: true }));
}

/**
 * What a start prints, a few lines an operator reads: the models and which providers have credentials, the docs,
 * a generated client key on a line of its own, and last where it listens (with `port` as a field: the e2e harness
 * and scripts wait for that line and read it).
 */
export function startupLines(config: GatewayConfig, port: number, credentialed: readonly string[], nodeVersion = process.version): StartupLine[] {
  const base = `${serverScheme(config.server)}://${browsableHost(config.host)}:${port}`;
  const kinds = [...new Set(config.models.map((model) => model.provider))];
  const missing = kinds.filter((kind) => !credentialed.includes(kind));
  const lines: StartupLine[] = [
    {
      text: `Models: ${config.models.map((model) => `${model.id} (${model.provider})`).join(', ')}`,
      fields: { models: config.models.map((model) => model.id) },
    },
    {
      text: `Provider credentials: ${credentialed.length > 0 ? credentialed.join(', ') : 'none'}`
        + (missing.length > 0 ? `; missing for ${missing.join(', ')} (their models answer 503)` : ''),
      fields: { providers_with_credentials: credentialed },
      warn: credentialed.length === 0,
    },
    { text: `API docs at ${base}/docs; health at /health/live and /health/ready` },
    { text: responseStoreLine(config.responses, config.teams.databaseUrl !== undefined) },
    ...settingWarnings(config, nodeVersion),
  ];
  if (config.generatedApiKey) {
    lines.push({ text: `GATEWAY_API_KEYS is not set: generated an API key for this process, shown once here: ${config.generatedApiKey}`, warn: true });
  }
  // Last: whoever waits for this line (scripts, the e2e harness) has every line above it already.
  lines.push({ text: `Gateway listening on ${base} (docs at /docs)`, fields: { port } });
  return lines;
}
