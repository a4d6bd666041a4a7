import { DEFAULT_MAX_JSON_DEPTH } from '../common/json-depth.js';
import { PROVIDERS, type ProviderRegistry } from '../providers/registry.js';
import type { ModelEntry } from './model-entry.js';
import { loadModelListFile } from './model-list-file.js';
import { loadObservabilitySettings, type ObservabilitySettings } from './observability-settings.js';
import { loadProviderSettings, type ProvidersConfig } from './provider-settings.js';
import { loadMcpSettings } from './mcp-settings.js';
import type { McpSettings } from '../mcp/mcp-settings.js';
import { loadRateLimitSettings } from './rate-limit-settings.js';
import type { RateLimitSettings } from '../rate-limit/rate-limit-config.js';
import { enumVar, intVar, text, type Env } from './env.js';
import { loadModelKeys } from './model-keys.js';
import { loadServerLimits, type ServerLimits } from './server-limits.js';
import { loadServerTransport, type ServerTransport } from './server-transport.js';
import { loadTrustProxy } from './trust-proxy.js';
import { loadUpstreamSettings, type UpstreamSettings } from './upstream-settings.js';
import { loadTeamsSettings, type TeamsSettings } from './teams-settings.js';
import { loadResponsesSettings, type ResponsesSettings } from './responses-settings.js';

/**
 * Everything the gateway reads from its environment, parsed and validated once at boot (docs/decisions/0003).
 * Adding a section: its type next to the feature (or here), a `load<Section>(env)` in src/config/<section>.ts
 * built from the readers in ./env.ts, a field below filled in loadConfig, and, when a module wants only its
 * section, a token provided from CONFIG (see MCP_SETTINGS in src/mcp/mcp.module.ts).
 */
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
  /** Per-key rate limits and their store (docs/rate-limiting.md). */
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
  /** The MCP endpoint: allowed origins, progress interval. */
  mcp: McpSettings;
  /** Stored Responses API responses (docs/responses.md). */
  responses: ResponsesSettings;
  /** Only the variables model entries name in `api_key_env`, with their values (the providers' `env`). */
  modelKeys: Env;
}

export type LogFormat = 'json' | 'pretty';

export type { Env } from './env.js';

export const CONFIG = Symbol('GatewayConfig');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses the environment into a typed configuration; throws ConfigError naming the offending variable. */
export function loadConfig(
  env: Env,
  digestKeys: (raw: string) => { digests: Buffer[]; generated?: string },
  registry: ProviderRegistry = PROVIDERS,
): GatewayConfig {
  const keys = digestKeys(text(env, 'GATEWAY_API_KEYS') ?? '');
  const configFile = text(env, 'GATEWAY_CONFIG');
  const models = configFile ? loadModelListFile(configFile, registry) : registry.builtinModels;
  const host = text(env, 'HOST') ?? '0.0.0.0';
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host,
    apiKeyDigests: keys.digests,
    generatedApiKey: keys.generated,
    providers: loadProviderSettings(env, registry),
    models,
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    // Capped well below where class-transformer's recursion overflows the stack (about 2,000 levels).
    maxJsonDepth: intVar(env, 'MAX_JSON_DEPTH', DEFAULT_MAX_JSON_DEPTH, 2, 256),
    logLevel: enumVar(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: enumVar(env, 'LOG_FORMAT', ['json', 'pretty'], 'json'),
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    shutdownDrainDelayMs: intVar(env, 'SHUTDOWN_DRAIN_DELAY_MS', 0, 0, 600_000),
    rateLimit: loadRateLimitSettings(env, keys.digests),
    upstream: loadUpstreamSettings(env),
    server: loadServerTransport(env),
    serverLimits: loadServerLimits(env),
    trustProxy: loadTrustProxy(env),
    observability: loadObservabilitySettings(env),
    teams: loadTeamsSettings(env, keys.digests),
    mcp: loadMcpSettings(env, host),
    responses: loadResponsesSettings(env),
    modelKeys: loadModelKeys(env, models),
  };
}
