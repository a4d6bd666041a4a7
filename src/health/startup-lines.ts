import type { GatewayConfig } from '../config/gateway-config.js';
import { serverScheme } from '../config/server-transport.js';

export interface StartupLine {
  text: string;
  fields?: Record<string, unknown>;
  warn?: boolean;
}

/**
 * What a start prints, a few lines an operator reads: where it listens (with `port` as a field: the e2e harness
 * and scripts read it), the docs, the models and which providers have credentials, and a generated client key
 * on a line of its own, last, so it is not buried.
 */
export function startupLines(config: GatewayConfig, port: number, credentialed: readonly string[]): StartupLine[] {
  const base = `${serverScheme(config.server)}://${config.host}:${port}`;
  const kinds = [...new Set(config.models.map((model) => model.provider))];
  const missing = kinds.filter((kind) => !credentialed.includes(kind));
  const lines: StartupLine[] = [
    { text: `Gateway listening on ${base} (docs at /docs)`, fields: { port } },
    { text: `API docs at ${base}/docs; health at /health/live and /health/ready` },
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
  ];
  if (config.generatedApiKey) {
    lines.push({ text: `GATEWAY_API_KEYS is not set: generated an API key for this process, shown once here: ${config.generatedApiKey}`, warn: true });
  }
  return lines;
}
