import { Logger } from '@nestjs/common';
/** A plain JSON object (not null, not an array). */
export function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * The largest token count believed from an upstream: far above any model's context, and small enough that the sum
 * of a few (Anthropic's prompt is three) fits PostgreSQL's integer column.
 */
export const MAX_TOKEN_COUNT = 100_000_000;
const upstreamLog = new Logger('Upstream');
/**
 * A token count from an upstream body: a whole number from 0 to MAX_TOKEN_COUNT. Anything else (1.5, 3e9, a
 * string) is unknown, counted as 0, and logged: one odd upstream must not break usage recording (docs/teams.md).
 */
export function tokenCount(value) {
    if (value === undefined || value === null)
        return 0;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TOKEN_COUNT)
        return value;
    upstreamLog.warn(`upstream reported an invalid token count (${String(value).slice(0, 40)}): counted as unknown (0)`);
    return 0;
}
/** Parses JSON text, or undefined when it is not JSON (callers answer that case themselves). */
export function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
