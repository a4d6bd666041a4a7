import { isRecord } from '../common/json.js';
import { ConfigError } from './config-error.js';
import { httpUrl } from './env.js';
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
/** Prices in USD per million tokens (docs/teams.md). */
const PRICE_FIELDS = ['input_cost_per_mtok', 'output_cost_per_mtok'];
/** Capability overrides (docs/tools.md); absent = the provider's default. */
const CAPABILITY_FIELDS = ['supports_tools', 'supports_vision', 'supports_json_schema'];
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COMMON_FIELDS = ['id', 'description', 'provider', 'upstream_model', 'mode', 'max_output_tokens', 'default_max_tokens', 'timeout_ms', 'request_timeout_ms', 'fallbacks', ...PRICE_FIELDS, ...CAPABILITY_FIELDS];
/** Fields a provider definition may declare in `modelFields`. */
const PROVIDER_FIELDS = ['base_url', 'api_key_env', 'max_temperature'];
const ENTRY_FIELDS = new Set([...COMMON_FIELDS, ...PROVIDER_FIELDS]);
const MAX_TIMEOUT_MS = 3_600_000;
/** The request DTO's own temperature bound: a cap above it could never be reached. */
const TEMPERATURE_CEILING = 2;
function requireString(raw, field, where) {
    const value = raw[field];
    if (typeof value !== 'string' || value.trim() === '')
        throw new ConfigError(`${where}.${field} must be a non-empty string`);
    return value;
}
function optionalString(raw, field, where) {
    return raw[field] === undefined ? undefined : requireString(raw, field, where);
}
function positiveInt(raw, field, where, fallback) {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
        throw new ConfigError(`${where}.${field} must be a positive integer`);
    return value;
}
/** base_url, api_key_env and max_temperature: checked against what the entry's provider declares. */
function providerFields(raw, where, registry, kind) {
    const declared = registry.get(kind).modelFields;
    for (const field of PROVIDER_FIELDS) {
        if (raw[field] === undefined && declared[field] === 'required')
            throw new ConfigError(`${where}.${field} is required for provider ${kind}`);
        if (raw[field] !== undefined && declared[field] === undefined) {
            const allowed = registry.definitions.filter((d) => d.modelFields[field] !== undefined).map((d) => d.kind);
            throw new ConfigError(`${where}.${field} applies only to provider ${allowed.join(', ') || '(none)'}`);
        }
    }
    const fields = {};
    const baseUrl = optionalString(raw, 'base_url', where);
    if (baseUrl !== undefined) {
        httpUrl(baseUrl, `${where}.base_url`);
        fields.base_url = baseUrl;
    }
    const keyEnv = optionalString(raw, 'api_key_env', where);
    if (keyEnv !== undefined && !ENV_NAME_PATTERN.test(keyEnv))
        throw new ConfigError(`${where}.api_key_env must be an environment variable name`);
    if (keyEnv !== undefined)
        fields.api_key_env = keyEnv;
    const maxTemperature = raw.max_temperature;
    if (maxTemperature !== undefined) {
        if (typeof maxTemperature !== 'number' || !(maxTemperature >= 0 && maxTemperature <= TEMPERATURE_CEILING)) {
            throw new ConfigError(`${where}.max_temperature must be a number from 0 to ${TEMPERATURE_CEILING}`);
        }
        fields.max_temperature = maxTemperature;
    }
    return fields;
}
function timeoutField(raw, field, where) {
    if (raw[field] === undefined)
        return undefined;
    const value = positiveInt(raw, field, where);
    if (value > MAX_TIMEOUT_MS)
        throw new ConfigError(`${where}.${field} must be at most ${MAX_TIMEOUT_MS} (one hour)`);
    return value;
}
/** The per-model timeouts and fallback list; fallback ids are checked against the whole list afterwards. */
function resilienceFields(raw, where) {
    const fields = {};
    const timeout = timeoutField(raw, 'timeout_ms', where);
    if (timeout !== undefined)
        fields.timeout_ms = timeout;
    const requestTimeout = timeoutField(raw, 'request_timeout_ms', where);
    if (requestTimeout !== undefined)
        fields.request_timeout_ms = requestTimeout;
    if (raw.fallbacks !== undefined) {
        const list = raw.fallbacks;
        if (!Array.isArray(list) || !list.every((id) => typeof id === 'string' && id.trim() !== '')) {
            throw new ConfigError(`${where}.fallbacks must be a list of model ids`);
        }
        const ids = list;
        const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
        if (repeated !== undefined)
            throw new ConfigError(`${where}.fallbacks names '${repeated}' twice`);
        fields.fallbacks = [...ids];
    }
    return fields;
}
function priceFields(raw, where) {
    const fields = {};
    for (const field of PRICE_FIELDS) {
        const value = raw[field];
        if (value === undefined)
            continue;
        if (typeof value !== 'number' || !(value >= 0 && value <= 1_000_000))
            throw new ConfigError(`${where}.${field} must be a number from 0 to 1000000 (USD per million tokens)`);
        fields[field] = value;
    }
    return fields;
}
function capabilityFields(raw, where) {
    const fields = {};
    for (const field of CAPABILITY_FIELDS) {
        const value = raw[field];
        if (value === undefined)
            continue;
        if (typeof value !== 'boolean')
            throw new ConfigError(`${where}.${field} must be true or false`);
        fields[field] = value;
    }
    return fields;
}
/** `mode`: chat (the default) or embedding, which the provider must support (an `embed` slot). */
function modeField(raw, where, registry, kind) {
    const mode = raw.mode;
    if (mode === undefined)
        return {};
    if (mode !== 'chat' && mode !== 'embedding')
        throw new ConfigError(`${where}.mode must be chat or embedding`);
    if (mode === 'embedding' && registry.get(kind).embed === undefined) {
        const allowed = registry.definitions.filter((d) => d.embed !== undefined).map((d) => d.kind);
        throw new ConfigError(`${where}.mode embedding applies only to provider ${allowed.join(', ')}`);
    }
    return { mode };
}
/** Validates one `models:` entry; `base` is the built-in entry of the same id, whose fields it may override. */
export function parseModelEntry(raw, where, registry, base) {
    if (!isRecord(raw))
        throw new ConfigError(`${where} must be a mapping`);
    for (const key of Object.keys(raw)) {
        if (!ENTRY_FIELDS.has(key))
            throw new ConfigError(`${where}.${key} is not a known field`);
    }
    const merged = { ...base, ...raw };
    const id = requireString(merged, 'id', where);
    if (!ID_PATTERN.test(id))
        throw new ConfigError(`${where}.id '${id}' may hold only letters, digits and . _ : / -`);
    const provider = requireString(merged, 'provider', where);
    if (registry.find(provider) === undefined)
        throw new ConfigError(`${where}.provider must be one of ${registry.kinds.join(', ')}`);
    const maxOutput = positiveInt(merged, 'max_output_tokens', where, 4096);
    const entry = {
        id,
        description: optionalString(merged, 'description', where) ?? id,
        provider,
        upstream_model: requireString(merged, 'upstream_model', where),
        max_output_tokens: maxOutput,
        default_max_tokens: positiveInt(merged, 'default_max_tokens', where, Math.min(4096, maxOutput)),
        ...providerFields(merged, where, registry, provider),
        ...resilienceFields(merged, where),
        ...priceFields(merged, where),
        ...capabilityFields(merged, where),
        ...modeField(merged, where, registry, provider),
    };
    if (entry.default_max_tokens > entry.max_output_tokens)
        throw new ConfigError(`${where}.default_max_tokens must not exceed max_output_tokens`);
    return entry;
}
