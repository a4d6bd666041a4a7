import { ConfigError } from './config-error.js';
import { BUILTIN_MODELS, type ModelEntry } from './model-entry.js';
import { loadModelListFile, parseUrl } from './model-list-file.js';
import { loadRateLimitSettings, type RateLimitSettings } from '../rate-limit/rate-limit-config.js';
import { loadServerLimits, type ServerLimits } from './server-limits.js';
import { loadServerTransport, type ServerTransport } from './server-transport.js';
import { loadTrustProxy } from './trust-proxy.js';
import { loadUpstreamSettings, type UpstreamSettings } from './upstream-settings.js';

/** Credentials and base URL of one upstream provider. */
export interface ProviderSettings {
  apiKey?: string;
  baseUrl: string;
}

/** Everything the gateway reads from its environment, parsed and validated once at boot. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** SHA-256 digests of the accepted client keys. */
  apiKeyDigests: Buffer[];
  /** Set when GATEWAY_API_KEYS was empty and a key was generated for this process. */
  generatedApiKey?: string;
  openai: ProviderSettings;
  anthropic: ProviderSettings;
  models: ModelEntry[];
  maxBodyBytes: number;
  logLevel: string;
  /** How long a shutdown waits for in-flight requests before closing the remaining connections. */
  shutdownGraceMs: number;
  /** Per-key rate limits and their store (README: "Rate limiting"). */
  rateLimit: RateLimitSettings;
  /** Upstream deadlines, retries and pooling. */
  upstream: UpstreamSettings;
  /** TLS / HTTP/2 of the gateway's own server. */
  server: ServerTransport;
  /** Deadlines and the connection cap of the gateway's own server (docs/limits.md). */
  serverLimits: ServerLimits;
  /** Addresses/ranges of reverse proxies whose X-Forwarded-* headers are believed (docs/deployment.md); empty: none. */
  trustProxy: string[];
  /** The whole environment, for `api_key_env` of openai-compatible models. */
  env: Readonly<Record<string, string | undefined>>;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const CONFIG = Symbol('GatewayConfig');

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}

function baseUrl(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  const url = parseUrl(raw, name);
  if (url.username || url.password) throw new ConfigError(`${name} must not carry credentials; use the API key variable`);
  return raw.replace(/\/+$/, '');
}

/** Parses the environment into a typed configuration; throws ConfigError naming the offending variable. */
export function loadConfig(env: Env, digestKeys: (raw: string) => { digests: Buffer[]; generated?: string }): GatewayConfig {
  const keys = digestKeys(text(env, 'GATEWAY_API_KEYS') ?? '');
  const configFile = text(env, 'GATEWAY_CONFIG');
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got '${logLevel}'`);
  }
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    apiKeyDigests: keys.digests,
    generatedApiKey: keys.generated,
    openai: { apiKey: text(env, 'OPENAI_API_KEY'), baseUrl: baseUrl(env, 'OPENAI_BASE_URL', 'https://api.openai.com/v1') },
    anthropic: {
      apiKey: text(env, 'ANTHROPIC_API_KEY'),
      baseUrl: baseUrl(env, 'ANTHROPIC_BASE_URL', 'https://api.anthropic.com'),
    },
    models: configFile ? loadModelListFile(configFile) : BUILTIN_MODELS.map((m) => ({ ...m })),
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel,
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    rateLimit: loadRateLimitSettings(env, keys.digests),
    upstream: loadUpstreamSettings(env),
    server: loadServerTransport(env),
    serverLimits: loadServerLimits(env),
    trustProxy: loadTrustProxy(env),
    env,
  };
}
