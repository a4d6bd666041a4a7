import { DEFAULT_MAX_JSON_DEPTH } from '../common/json-depth.js';
import { PROVIDERS } from '../providers/registry.js';
import { loadModelListFile } from './model-list-file.js';
import { loadObservabilitySettings } from './observability-settings.js';
import { loadProviderSettings } from './provider-settings.js';
import { loadMcpSettings } from './mcp-settings.js';
import { loadRateLimitSettings } from './rate-limit-settings.js';
import { enumVar, intVar, text } from './env.js';
import { loadModelKeys } from './model-keys.js';
import { loadServerLimits } from './server-limits.js';
import { loadServerTransport } from './server-transport.js';
import { loadTrustProxy } from './trust-proxy.js';
import { loadUpstreamSettings } from './upstream-settings.js';
import { loadTeamsSettings } from './teams-settings.js';
import { loadResponsesSettings } from './responses-settings.js';
export const CONFIG = Symbol('GatewayConfig');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Parses the environment into a typed configuration; throws ConfigError naming the offending variable. */
export function loadConfig(env, digestKeys, registry = PROVIDERS) {
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
