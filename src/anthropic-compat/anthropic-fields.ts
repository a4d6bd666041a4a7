import { ApiError } from '../common/api-error.js';
import { isRecord } from '../common/json.js';

/** A field path as Anthropic names it in its errors: `messages.0.content.1.type`. */
export const at = (parent: string, key: string | number): string => (parent === '' ? String(key) : `${parent}.${key}`);

/** Names are echoed cut to this length (a client may send a megabyte-long key). */
const NAME_CUT = 64;
const cut = (text: string): string => (text.length > NAME_CUT ? `${text.slice(0, NAME_CUT)}…` : text);

export function invalid(path: string, problem: string): ApiError {
  return ApiError.invalid(`${cut(path)}: ${problem}`, cut(path));
}

/** A field the translation for a non-Anthropic model cannot carry: refused, never dropped (docs/anthropic-compatible.md). */
export function untranslatable(path: string, model: string): ApiError {
  return invalid(path, `cannot be translated for model '${model}', whose provider does not speak Anthropic's Messages API; remove it or use an Anthropic model.`);
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(path, 'must be an object.');
  return value;
}

export function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalid(path, 'must be a string.');
  return value;
}

export function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : text(value, path);
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(path, 'must be an array.');
  return value;
}

export function optionalNumber(value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw invalid(path, `must be a number from ${min} to ${max}.`);
  return value;
}

/**
 * Refuses every field of `object` outside `known` (named by its path) as one the translation cannot carry.
 * `ignorable` fields are accepted without effect (cache_control: OpenAI-format upstreams cache prompts on their own).
 */
export function onlyKnown(object: Record<string, unknown>, path: string, model: string, known: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key) && object[key] !== undefined) throw untranslatable(at(path, key), model);
  }
}
