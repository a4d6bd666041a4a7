import { ApiError } from '../common/api-error.js';
const NAMES = ['max_tokens', 'temperature', 'top_p', 'stop', 'n', 'user'];
function present(request, name) {
    const value = request[name];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
}
/**
 * Checks a request against the model's limit and its provider's rules, before any upstream attempt, and returns
 * the parameters under their wire names. Throws the 400 the client sees, naming the field.
 */
export function applyParameterRules(rules, model, request) {
    if (request.max_tokens !== undefined && request.max_tokens > model.max_output_tokens) {
        throw ApiError.invalid(`Invalid 'max_tokens' parameter: model '${model.id}' allows at most ${model.max_output_tokens}.`, 'max_tokens');
    }
    const kept = new Map();
    for (const name of NAMES) {
        const rule = rules.accepts[name];
        if (!present(request, name)) {
            if (rule?.fallback)
                kept.set(name, rule.fallback(model));
            continue;
        }
        if (rule === undefined)
            throw ApiError.invalid(`Invalid '${name}' parameter: model '${model.id}' does not accept it.`, name);
        const value = request[name];
        const max = typeof rule.max === 'function' ? rule.max(model) : rule.max;
        if (typeof value === 'number' && max !== undefined && value > max) {
            throw ApiError.invalid(`Invalid '${name}' parameter: must be between 0 and ${max} for model '${model.id}'.`, name);
        }
        if (rule.upstreamDefault === undefined || value !== rule.upstreamDefault)
            kept.set(name, value);
    }
    for (const [first, second] of rules.exclusive ?? []) {
        if (kept.has(first) && kept.has(second) && present(request, first) && present(request, second)) {
            throw ApiError.invalid(`Model '${model.id}' accepts '${first}' or '${second}', not both: send only one of them.`, second);
        }
    }
    const wire = {};
    for (const [name, value] of kept) {
        const [outer, inner] = rules.accepts[name].wire.split('.', 2);
        if (inner === undefined)
            wire[outer] = value;
        else
            wire[outer] = { ...wire[outer], [inner]: value };
    }
    return wire;
}
