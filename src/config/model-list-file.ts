import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { isRecord } from '../common/json.js';
import { ConfigError } from './config-error.js';
import { BUILTIN_MODELS, PROVIDER_KINDS, type ModelEntry, type ProviderKind } from './model-entry.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENTRY_FIELDS = new Set([
  'id',
  'description',
  'provider',
  'upstream_model',
  'max_output_tokens',
  'default_max_tokens',
  'base_url',
  'api_key_env',
  'timeout_ms',
  'request_timeout_ms',
  'fallbacks',
]);


function requireString(raw: Record<string, unknown>, field: string, where: string): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`${where}.${field} must be a non-empty string`);
  }
  return value;
}

function optionalString(raw: Record<string, unknown>, field: string, where: string): string | undefined {
  return raw[field] === undefined ? undefined : requireString(raw, field, where);
}

function positiveInt(raw: Record<string, unknown>, field: string, where: string, fallback?: number): number {
  const value = raw[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${where}.${field} must be a positive integer`);
  }
  return value;
}

/** Validates one `models:` entry; `base` is the built-in entry of the same id, whose fields it may override. */
export function parseModelEntry(raw: unknown, where: string, base?: ModelEntry): ModelEntry {
  if (!isRecord(raw)) throw new ConfigError(`${where} must be a mapping`);
  for (const key of Object.keys(raw)) {
    if (!ENTRY_FIELDS.has(key)) throw new ConfigError(`${where}.${key} is not a known field`);
  }
  const merged: Record<string, unknown> = { ...base, ...raw };
  const id = requireString(merged, 'id', where);
  if (!ID_PATTERN.test(id)) throw new ConfigError(`${where}.id '${id}' may hold only letters, digits and . _ : / -`);
  const provider = requireString(merged, 'provider', where);
  if (!(PROVIDER_KINDS as readonly string[]).includes(provider)) {
    throw new ConfigError(`${where}.provider must be one of ${PROVIDER_KINDS.join(', ')}`);
  }
  const entry: ModelEntry = {
    id,
    description: optionalString(merged, 'description', where) ?? id,
    provider: provider as ProviderKind,
    upstream_model: requireString(merged, 'upstream_model', where),
    max_output_tokens: positiveInt(merged, 'max_output_tokens', where, 4096),
    default_max_tokens: 0,
    base_url: optionalString(merged, 'base_url', where),
    api_key_env: optionalString(merged, 'api_key_env', where),
  };
  entry.default_max_tokens = positiveInt(merged, 'default_max_tokens', where, Math.min(4096, entry.max_output_tokens));
  if (entry.default_max_tokens > entry.max_output_tokens) {
    throw new ConfigError(`${where}.default_max_tokens must not exceed max_output_tokens`);
  }
  if (entry.provider === 'openai-compatible') {
    if (!entry.base_url) throw new ConfigError(`${where}.base_url is required for provider openai-compatible`);
    parseUrl(entry.base_url, `${where}.base_url`);
  } else if (entry.base_url !== undefined || entry.api_key_env !== undefined) {
    throw new ConfigError(`${where}: base_url and api_key_env apply only to provider openai-compatible`);
  }
  if (entry.api_key_env !== undefined && !ENV_NAME_PATTERN.test(entry.api_key_env)) {
    throw new ConfigError(`${where}.api_key_env must be an environment variable name`);
  }
  Object.assign(entry, resilienceFields(merged, where));
  return entry;
}

const MAX_TIMEOUT_MS = 3_600_000;

function timeoutField(raw: Record<string, unknown>, field: string, where: string): number | undefined {
  if (raw[field] === undefined) return undefined;
  const value = positiveInt(raw, field, where);
  if (value > MAX_TIMEOUT_MS) throw new ConfigError(`${where}.${field} must be at most ${MAX_TIMEOUT_MS} (one hour)`);
  return value;
}

/** The per-model timeouts and fallback list; fallback ids are checked against the whole list afterwards. */
function resilienceFields(raw: Record<string, unknown>, where: string): Pick<ModelEntry, 'timeout_ms' | 'request_timeout_ms' | 'fallbacks'> {
  const fields: Pick<ModelEntry, 'timeout_ms' | 'request_timeout_ms' | 'fallbacks'> = {};
  const timeout = timeoutField(raw, 'timeout_ms', where);
  if (timeout !== undefined) fields.timeout_ms = timeout;
  const requestTimeout = timeoutField(raw, 'request_timeout_ms', where);
  if (requestTimeout !== undefined) fields.request_timeout_ms = requestTimeout;
  if (raw.fallbacks !== undefined) {
    const list = raw.fallbacks;
    if (!Array.isArray(list) || !list.every((id: unknown) => typeof id === 'string' && id.trim() !== '')) {
      throw new ConfigError(`${where}.fallbacks must be a list of model ids`);
    }
    const ids = list as string[];
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) throw new ConfigError(`${where}.fallbacks names '${repeated}' twice`);
    fields.fallbacks = [...ids];
  }
  return fields;
}

/** Every fallback must be another model of the list. */
function checkFallbacks(models: readonly ModelEntry[], file: string): void {
  const ids = new Set(models.map((model) => model.id));
  for (const model of models) {
    for (const fallback of model.fallbacks ?? []) {
      const where = `GATEWAY_CONFIG: ${file}: model '${model.id}'.fallbacks`;
      if (fallback === model.id) throw new ConfigError(`${where} must not name the model itself`);
      if (!ids.has(fallback)) throw new ConfigError(`${where} names '${fallback}', which is not in the model list`);
    }
  }
}

export function parseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must be an http(s) URL`);
  return url;
}

/**
 * Builds the model list from a parsed YAML document. Entries whose id matches a built-in override its fields;
 * new ids are added after the built-ins; `builtin_models: false` drops the built-ins altogether.
 */
export function modelListFromDocument(doc: unknown, file: string): ModelEntry[] {
  if (!isRecord(doc)) throw new ConfigError(`GATEWAY_CONFIG: ${file} must hold a mapping with a models: list`);
  for (const key of Object.keys(doc)) {
    if (key !== 'models' && key !== 'builtin_models') {
      throw new ConfigError(`GATEWAY_CONFIG: ${file}: unknown top-level field '${key}'`);
    }
  }
  const includeBuiltins = doc.builtin_models ?? true;
  if (typeof includeBuiltins !== 'boolean') throw new ConfigError(`GATEWAY_CONFIG: ${file}: builtin_models must be true or false`);
  if (!Array.isArray(doc.models)) throw new ConfigError(`GATEWAY_CONFIG: ${file}: models must be a list`);

  const byId = new Map<string, ModelEntry>(includeBuiltins ? BUILTIN_MODELS.map((m) => [m.id, { ...m }]) : []);
  const seen = new Set<string>();
  doc.models.forEach((raw: unknown, index: number) => {
    const where = `GATEWAY_CONFIG: ${file}: models[${index}]`;
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const base = id !== undefined ? byId.get(id) : undefined;
    // A built-in overridden by a different provider starts from scratch, not from the built-in's fields.
    const inherit = base && isRecord(raw) && (raw.provider === undefined || raw.provider === base.provider) ? base : undefined;
    const entry = parseModelEntry(raw, where, inherit);
    if (seen.has(entry.id)) throw new ConfigError(`${where}.id '${entry.id}' appears twice`);
    seen.add(entry.id);
    byId.set(entry.id, entry);
  });
  if (byId.size === 0) throw new ConfigError(`GATEWAY_CONFIG: ${file}: the model list is empty`);
  const models = [...byId.values()];
  checkFallbacks(models, file);
  return models;
}

export function loadModelListFile(file: string): ModelEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`GATEWAY_CONFIG: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    throw new ConfigError(`GATEWAY_CONFIG: ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return modelListFromDocument(doc, file);
}
