/** OpenAI's reset format, Go's duration syntax: `1s`, `6m0s`, `1h2m3s`. */
export function openAIDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${minutes}m${rest}s`;
  if (minutes > 0) return `${minutes}m${rest}s`;
  return `${rest}s`;
}

type HeaderValue = string | number | string[] | undefined;

/**
 * OpenAI's names for the key's budget, from the gateway's X-RateLimit-* (same window, same numbers): added on
 * this surface, not instead, so one dashboard reads every surface alike. Retry-After is already there on a 429.
 */
export function openAIRateHeaders(get: (name: string) => HeaderValue): Record<string, string> {
  const limit = get('x-ratelimit-limit');
  const remaining = get('x-ratelimit-remaining');
  const reset = get('x-ratelimit-reset');
  if (limit === undefined || remaining === undefined || reset === undefined) return {};
  return {
    'x-ratelimit-limit-requests': String(limit),
    'x-ratelimit-remaining-requests': String(remaining),
    'x-ratelimit-reset-requests': openAIDuration(Number(reset)),
  };
}
