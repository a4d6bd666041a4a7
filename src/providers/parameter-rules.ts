import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { CompletionRequest } from './provider-definition.js';

/** The client parameters a provider may accept (the messages are always sent). */
export type ParameterName = 'max_tokens' | 'temperature' | 'top_p' | 'stop' | 'n' | 'user';

/** How one parameter goes to a provider (declared per provider, in the spirit of Portkey's parameter maps). */
export interface ParameterRule {
  /** Its name on the wire, e.g. `max_completion_tokens`, `stop_sequences`; `metadata.user_id` nests one level. */
  wire: string;
  /** Inclusive upper bound for a number (lower bounds are the request DTO's); may depend on the model entry. */
  max?: number | ((model: ModelEntry) => number);
  /** The upstream's own default: a value equal to it is not sent (so it cannot trip an `exclusive` rule). */
  upstreamDefault?: number;
  /** Sent even when the client did not send it, with this value (e.g. a required max_tokens). */
  fallback?: (model: ModelEntry) => number;
}

export interface ParameterRules {
  /** A parameter absent here is refused with a 400 when the client sends it. */
  accepts: Partial<Record<ParameterName, ParameterRule>>;
  /** Pairs the provider refuses together, checked after upstream defaults were dropped. */
  exclusive?: readonly (readonly [ParameterName, ParameterName])[];
}

const NAMES: readonly ParameterName[] = ['max_tokens', 'temperature', 'top_p', 'stop', 'n', 'user'];

function present(request: CompletionRequest, name: ParameterName): boolean {
  const value = request[name];
  return value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/**
 * Checks a request against the model's limit and its provider's rules, before any upstream attempt, and returns
 * the parameters under their wire names. Throws the 400 the client sees, naming the field.
 */
export function applyParameterRules(rules: ParameterRules, model: ModelEntry, request: CompletionRequest): Record<string, unknown> {
  if (request.max_tokens !== undefined && request.max_tokens > model.max_output_tokens) {
    throw ApiError.invalid(`Invalid 'max_tokens' parameter: model '${model.id}' allows at most ${model.max_output_tokens}.`, 'max_tokens');
  }
  const kept = new Map<ParameterName, unknown>();
  for (const name of NAMES) {
    const rule = rules.accepts[name];
    if (!present(request, name)) {
      if (rule?.fallback) kept.set(name, rule.fallback(model));
      continue;
    }
    if (rule === undefined) throw ApiError.invalid(`Invalid '${name}' parameter: model '${model.id}' does not accept it.`, name);
    const value = request[name];
    const max = typeof rule.max === 'function' ? rule.max(model) : rule.max;
    if (typeof value === 'number' && max !== undefined && value > max) {
      throw ApiError.invalid(`Invalid '${name}' parameter: must be between 0 and ${max} for model '${model.id}'.`, name);
    }
    if (rule.upstreamDefault === undefined || value !== rule.upstreamDefault) kept.set(name, value);
  }
  for (const [first, second] of rules.exclusive ?? []) {
    if (kept.has(first) && kept.has(second) && present(request, first) && present(request, second)) {
      throw ApiError.invalid(`Model '${model.id}' accepts '${first}' or '${second}', not both: send only one of them.`, second);
    }
  }
  const wire: Record<string, unknown> = {};
  for (const [name, value] of kept) {
    const [outer, inner] = rules.accepts[name]!.wire.split('.', 2) as [string, string | undefined];
    if (inner === undefined) wire[outer] = value;
    else wire[outer] = { ...(wire[outer] as Record<string, unknown> | undefined), [inner]: value };
  }
  return wire;
}
