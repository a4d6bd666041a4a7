import { ConfigError } from './config-error.js';
import { boolVar, text, type Env } from './env.js';

/** GET /metrics and the request log line (docs/observability.md). */
export interface ObservabilitySettings {
  /** When set, GET /metrics requires `Authorization: Bearer <token>`; unset, /metrics is public. */
  metricsToken?: string;
  /** Adds the prompt (cut to LOG_PAYLOAD_MAX_CHARS) to the request log line. Off by default: prompts are data. */
  logPayloads: boolean;
}

/** Shortest METRICS_TOKEN accepted: a token is only worth requiring if it cannot be guessed. */
export const METRICS_TOKEN_MIN_LENGTH = 16;

export function loadObservabilitySettings(env: Env): ObservabilitySettings {
  const metricsToken = text(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < METRICS_TOKEN_MIN_LENGTH) {
    throw new ConfigError(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters long`);
  }
  if (metricsToken !== undefined && /\s/.test(metricsToken)) {
    throw new ConfigError('METRICS_TOKEN must not contain whitespace (it is sent as a Bearer token)');
  }
  return { metricsToken, logPayloads: boolVar(env, 'LOG_PAYLOADS', false) };
}
