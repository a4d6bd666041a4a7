import type { SettingSpec, SettingValues } from '../providers/provider-definition.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { ConfigError } from './config-error.js';
import { httpUrl, text, type Env } from './env.js';

/** The providers the gateway runs with, and each one's settings as its definition declares them. */
export interface ProvidersConfig {
  registry: ProviderRegistry;
  /** By provider kind, then by the setting's key in the definition. */
  settings: Readonly<Record<string, SettingValues>>;
}

function settingValue(env: Env, spec: SettingSpec): string | undefined {
  const raw = text(env, spec.env) ?? spec.default;
  if (raw === undefined || spec.kind === 'secret') return raw;
  const url = httpUrl(raw, spec.env);
  if (url.username || url.password) throw new ConfigError(`${spec.env} must not carry credentials; use the API key variable`);
  return raw.replace(/\/+$/, '');
}

/** Reads every variable the registry's definitions declare; throws ConfigError naming the variable. */
export function loadProviderSettings(env: Env, registry: ProviderRegistry): ProvidersConfig {
  const settings: Record<string, SettingValues> = {};
  for (const definition of registry.definitions) {
    const values: Record<string, string | undefined> = {};
    for (const [key, spec] of Object.entries(definition.settings)) values[key] = settingValue(env, spec);
    settings[definition.kind] = values;
  }
  return { registry, settings };
}
