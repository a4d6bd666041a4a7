import { text } from './env.js';
/**
 * The values of the variables that model entries name in `api_key_env`, read here once so no provider reads the
 * environment itself; the providers receive this as their context's `env`. Unset or empty: absent.
 */
export function loadModelKeys(env, models) {
    const keys = {};
    for (const model of models) {
        const value = model.api_key_env === undefined ? undefined : text(env, model.api_key_env);
        if (model.api_key_env !== undefined && value !== undefined)
            keys[model.api_key_env] = value;
    }
    return Object.freeze(keys);
}
