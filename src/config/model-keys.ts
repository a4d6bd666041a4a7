import type { Env } from './env.js';
import { text } from './env.js';
import type { ModelEntry } from './model-entry.js';

/**
 * The values of the variables that model entries name in `api_key_env`, read here once so no provider reads the
 * environment itself; the providers receive this as their context's `env`. Unset or empty: absent.
 */
export function loadModelKeys(env: Env, models: readonly ModelEntry[]): Env {
  const keys: Record<string, string> = {};
  for (const model of models) {
    const value = model.api_key_env === undefined ? undefined : text(env, model.api_key_env);
    if (model.api_key_env !== undefined && value !== undefined) keys[model.api_key_env] = value;
  }
  return Object.freeze(keys);
}
