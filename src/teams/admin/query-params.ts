import { ApiError } from '../../common/api-error.js';
import { instantInRange } from './dto/text-validators.js';

function single(value: unknown): string | undefined {
  return Array.isArray(value) ? (value[0] as string | undefined) : (value as string | undefined);
}

/** A whole-number query parameter within bounds, or a 400 naming it. */
export function intParam(query: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query[name]);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw ApiError.invalid(`Invalid '${name}' parameter: must be a whole number from ${min} to ${max}.`, name);
  }
  return Number(raw);
}

/** An ISO 8601 instant, or a 400 naming the parameter. */
export function dateParam(query: Record<string, unknown>, name: string): Date | undefined {
  const raw = single(query[name]);
  if (raw === undefined || raw === '') return undefined;
  const date = raw.length <= 40 ? new Date(raw) : new Date(Number.NaN);
  if (!instantInRange(date)) throw ApiError.invalid(`Invalid '${name}' parameter: must be an ISO 8601 date or date-time from year 1 to 9999.`, name);
  return date;
}

/** One of the allowed values, or a 400 listing them. */
export function enumParam<T extends string>(query: Record<string, unknown>, name: string, allowed: readonly T[], fallback: T): T {
  const raw = single(query[name]);
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw ApiError.invalid(`Invalid '${name}' parameter: must be one of ${allowed.join(', ')}.`, name);
  return raw as T;
}
