import { ConfigError } from './config-error.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../common/json-depth.js';
import { PROVIDERS, type ProviderRegistry } from '../providers/registry.js';
import type { ModelEntry } from './model-entry.js';
import { loadModelListFile } from './model-list-file.js';
import { loadObservabilitySettings, type ObservabilitySettings } from './observability-settings.js';
import { loadProviderSettings, type ProvidersConfig } from './provider-settings.js';
import { loadRateLimitSettings, type RateLimitSettings } from '../rate-limit/rate-limit-config.js';
import { loadServerLimits, type ServerLimits } from './server-limits.js';
import { loadServerTransport, type ServerTransport } from './server-transport.js';
import { loadTrustProxy } from './trust-proxy.js';
import { loadUpstreamSettings, type UpstreamSettings } from './upstream-settings.js';
import { loadTeamsSettings, type TeamsSettings } from '../teams/teams-settings.js';

/** Everything the gateway reads from its environment, parsed and validated once at boot. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** SHA-256 digests of the accepted client keys. */
  apiKeyDigests: Buffer[];
  /** Set when GATEWAY_API_KEYS was empty and a key was generated for this process. */
  generatedApiKey?: string;
  /** The provider registry and each provider's settings, read as its definition declares them. */
  providers: ProvidersConfig;
  models: ModelEntry[];
  maxBodyBytes: number;
  /** How deep a JSON body (or MCP tool arguments) may nest objects and arrays; deeper gets 400 before validation. */
  maxJsonDepth: number;
  logLevel: string;
  /** LOG_FORMAT: JSON lines (default) or pino-pretty's colourless one-line text for humans. */
  logFormat: LogFormat;
  /** How long a shutdown waits for in-flight requests before closing the remaining connections. */
  shutdownGraceMs: number;
  /** SHUTDOWN_DRAIN_DELAY_MS: how long a shutdown keeps serving (readiness already 503) before it stops accepting. */
  shutdownDrainDelayMs: number;
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
  /** METRICS_TOKEN and LOG_PAYLOADS (docs/observability.md). */
  observability: ObservabilitySettings;
  /** Managed keys, budgets and usage in PostgreSQL (docs/teams.md); off without DATABASE_URL. */
  teams: TeamsSettings;
  /** The whole environment, for the `api_key_env` of model entries. */
  env: Readonly<Record<string, string | undefined>>;
}

export type LogFormat = 'json' | 'pretty';

export type Env = Readonly<Record<string, string | undefined>>;

export const CONFIG = Symbol('GatewayConfig');

export function text(env: Env, name: string): string | undefined {
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

/** Parses the environment into a typed configuration; throws ConfigError naming the offending variable. */
export function loadConfig(
  env: Env,
  digestKeys: (raw: string) => { digests: Buffer[]; generated?: string },
  registry: ProviderRegistry = PROVIDERS,
): GatewayConfig {
  const keys = digestKeys(text(env, 'GATEWAY_API_KEYS') ?? '');
  const configFile = text(env, 'GATEWAY_CONFIG');
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got '${logLevel}'`);
  }
  const logFormat = text(env, 'LOG_FORMAT')?.toLowerCase() ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty; got '${logFormat}'`);
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    apiKeyDigests: keys.digests,
    generatedApiKey: keys.generated,
    providers: loadProviderSettings(env, registry),
    models: configFile ? loadModelListFile(configFile, registry) : registry.builtinModels,
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    // Capped well below where class-transformer's recursion overflows the stack (about 2,000 levels).
    maxJsonDepth: intVar(env, 'MAX_JSON_DEPTH', DEFAULT_MAX_JSON_DEPTH, 2, 256),
    logLevel,
    logFormat,
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    shutdownDrainDelayMs: intVar(env, 'SHUTDOWN_DRAIN_DELAY_MS', 0, 0, 600_000),
    rateLimit: loadRateLimitSettings(env, keys.digests),
    upstream: loadUpstreamSettings(env),
    server: loadServerTransport(env),
    serverLimits: loadServerLimits(env),
    trustProxy: loadTrustProxy(env),
    observability: loadObservabilitySettings(env),
    teams: loadTeamsSettings(env, keys.digests),
    env,
  };
}
