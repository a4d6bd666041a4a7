import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { isRecord } from '../common/json.js';
import { ConfigError } from './config-error.js';
import { PROVIDERS } from '../providers/registry.js';
import { parseModelEntry } from './model-entry-parser.js';
/** Every fallback must be another model of the list. */
function checkFallbacks(models, file) {
    const ids = new Set(models.map((model) => model.id));
    for (const model of models) {
        for (const fallback of model.fallbacks ?? []) {
            const where = `GATEWAY_CONFIG: ${file}: model '${model.id}'.fallbacks`;
            if (fallback === model.id)
                throw new ConfigError(`${where} must not name the model itself`);
            if (!ids.has(fallback))
                throw new ConfigError(`${where} names '${fallback}', which is not in the model list`);
        }
    }
}
/**
 * Builds the model list from a parsed YAML document. Entries whose id matches a built-in override its fields;
 * new ids are added after the built-ins; `builtin_models: false` drops the built-ins altogether.
 */
export function modelListFromDocument(doc, file, registry = PROVIDERS) {
    if (!isRecord(doc))
        throw new ConfigError(`GATEWAY_CONFIG: ${file} must hold a mapping with a models: list`);
    for (const key of Object.keys(doc)) {
        if (key !== 'models' && key !== 'builtin_models') {
            throw new ConfigError(`GATEWAY_CONFIG: ${file}: unknown top-level field '${key}'`);
        }
    }
    const includeBuiltins = doc.builtin_models ?? true;
    if (typeof includeBuiltins !== 'boolean')
        throw new ConfigError(`GATEWAY_CONFIG: ${file}: builtin_models must be true or false`);
    if (!Array.isArray(doc.models))
        throw new ConfigError(`GATEWAY_CONFIG: ${file}: models must be a list`);
    const byId = new Map(includeBuiltins ? registry.builtinModels.map((m) => [m.id, m]) : []);
    const seen = new Set();
    doc.models.forEach((raw, index) => {
        const where = `GATEWAY_CONFIG: ${file}: models[${index}]`;
        const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
        const base = id !== undefined ? byId.get(id) : undefined;
        // A built-in overridden by a different provider starts from scratch, not from the built-in's fields.
        const inherit = base && isRecord(raw) && (raw.provider === undefined || raw.provider === base.provider) ? base : undefined;
        const entry = parseModelEntry(raw, where, registry, inherit);
        if (seen.has(entry.id))
            throw new ConfigError(`${where}.id '${entry.id}' appears twice`);
        seen.add(entry.id);
        byId.set(entry.id, entry);
    });
    if (byId.size === 0)
        throw new ConfigError(`GATEWAY_CONFIG: ${file}: the model list is empty`);
    const models = [...byId.values()];
    checkFallbacks(models, file);
    return models;
}
export function loadModelListFile(file, registry = PROVIDERS) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (error) {
        throw new ConfigError(`GATEWAY_CONFIG: cannot read ${file} (${error.code ?? 'error'})`);
    }
    let doc;
    try {
        doc = load(text);
    }
    catch (error) {
        throw new ConfigError(`GATEWAY_CONFIG: ${file} is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    return modelListFromDocument(doc, file, registry);
}
