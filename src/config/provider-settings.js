import { ConfigError } from './config-error.js';
import { httpUrl, text } from './env.js';
function settingValue(env, spec) {
    const raw = text(env, spec.env) ?? spec.default;
    if (raw === undefined || spec.kind === 'secret')
        return raw;
    const url = httpUrl(raw, spec.env);
    if (url.username || url.password)
        throw new ConfigError(`${spec.env} must not carry credentials; use the API key variable`);
    return raw.replace(/\/+$/, '');
}
/** Reads every variable the registry's definitions declare; throws ConfigError naming the variable. */
export function loadProviderSettings(env, registry) {
    const settings = {};
    for (const definition of registry.definitions) {
        const values = {};
        for (const [key, spec] of Object.entries(definition.settings))
            values[key] = settingValue(env, spec);
        settings[definition.kind] = values;
    }
    return { registry, settings };
}
