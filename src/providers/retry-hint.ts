/** The upstream's retry hint in milliseconds: retry-after-ms (OpenAI) first, then retry-after (seconds or a date). */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = headers['retry-after-ms']?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A retry hint as the whole seconds of a Retry-After header for the gateway's own client (at least 1). */
export function retryAfterHeader(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : String(Math.max(1, Math.ceil(ms / 1000)));
}
