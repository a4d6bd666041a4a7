/**
 * Exponential backoff with full jitter: a uniformly random delay in [0, min(maxMs, baseMs * 2^retry)].
 * Randomising the whole interval spreads the retries of many clients hit by the same outage
 * (see "Exponential Backoff And Jitter", AWS Architecture Blog), instead of letting them return in waves.
 * `retry` counts from 0 for the first retry.
 */
export function fullJitterDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}
