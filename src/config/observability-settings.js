import { ConfigError } from './config-error.js';
import { boolVar, text } from './env.js';
/** Shortest METRICS_TOKEN accepted: a token is only worth requiring if it cannot be guessed. */
export const METRICS_TOKEN_MIN_LENGTH = 16;
export function loadObservabilitySettings(env) {
    const metricsToken = text(env, 'METRICS_TOKEN');
    if (metricsToken !== undefined && metricsToken.length < METRICS_TOKEN_MIN_LENGTH) {
        throw new ConfigError(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters long`);
    }
    if (metricsToken !== undefined && /\s/.test(metricsToken)) {
        throw new ConfigError('METRICS_TOKEN must not contain whitespace (it is sent as a Bearer token)');
    }
    return { metricsToken, logPayloads: boolVar(env, 'LOG_PAYLOADS', false) };
}
