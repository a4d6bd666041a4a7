import { ConfigError } from '../config/config-error.js';
import { intVar, type Env } from '../config/gateway-config.js';
import { isLoopbackHost, type OriginPolicy } from './origin-policy.js';

/** The MCP endpoint's own settings, parsed once at boot from the environment (README: "MCP server"). */
export interface McpSettings extends OriginPolicy {
  /** Time between progress notifications while a completion runs, when the client sent a progressToken. */
  progressIntervalMs: number;
}

export const MCP_SETTINGS = Symbol('McpSettings');

/** One MCP_ALLOWED_ORIGINS entry, normalised the way browsers serialise Origin (`https://a.example:8443`). */
function parseOrigin(entry: string, index: number): string {
  const where = `MCP_ALLOWED_ORIGINS entry ${index + 1}`;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new ConfigError(`${where} must be an origin like https://app.example.com, got '${entry}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${where} must be an http(s) origin, got '${entry}'`);
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ConfigError(`${where} must be only scheme://host[:port], got '${entry}'`);
  }
  return url.origin;
}

/** `host` is the address the gateway listens on (HOST): on loopback, localhost origins may call /mcp. */
export function parseMcpSettings(env: Env, host = '0.0.0.0'): McpSettings {
  const origins = (env.MCP_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseOrigin);
  return {
    allowedOrigins: new Set(origins),
    loopbackOnly: isLoopbackHost(host),
    progressIntervalMs: intVar(env, 'MCP_PROGRESS_INTERVAL_MS', 1000, 50, 60_000),
  };
}
