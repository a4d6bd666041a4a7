import { ApiError } from '../common/api-error.js';
import type { HitResult, WindowSpec } from './window-store.js';

/** What the limiter says about one request; `headers` go on the response whatever the outcome. */
export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Set when refused by a limit: the client is admitted if it waits this long. */
  retryAfterSeconds?: number;
  /** Why it was refused, for the error message. */
  reason?: string;
  /** Refused because the limit store is unreachable and RATE_LIMIT_FAIL_MODE=closed (answered with 503). */
  unavailable?: boolean;
}

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

function describe(window: WindowSpec): string {
  const span = window.windowMs % 1000 === 0 ? `${window.windowMs / 1000} s` : `${window.windowMs} ms`;
  return `${window.limit} requests per ${span} (${window.name} limit)`;
}

/**
 * Turns a store's answer into headers and, for a refusal, an honest Retry-After: the time until every blocking
 * window frees a slot, rounded up to whole seconds. The X-RateLimit-* headers describe the window closest to
 * blocking (fewest remaining; on a tie, the one that frees a slot last).
 */
export function decide(windows: readonly WindowSpec[], result: HitResult): RateLimitDecision {
  const states = windows.map((spec, index) => {
    const usage = result.windows[index]!;
    return { spec, remaining: Math.max(0, spec.limit - usage.count), freeInMs: usage.freeInMs };
  });
  const blocking = result.allowed ? [] : states.filter((state) => state.remaining === 0);
  const candidates = blocking.length > 0 ? blocking : states;
  const shown = candidates.reduce((best, state) =>
    state.remaining < best.remaining || (state.remaining === best.remaining && state.freeInMs > best.freeInMs)
      ? state
      : best,
  );
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(shown.spec.limit),
    'X-RateLimit-Remaining': String(shown.remaining),
    'X-RateLimit-Reset': String(seconds(shown.freeInMs)),
  };
  if (result.allowed) return { allowed: true, headers };
  // At least one second: a zero would invite an immediate retry in the same instant.
  const retryAfterSeconds = Math.max(1, seconds(shown.freeInMs));
  headers['Retry-After'] = String(retryAfterSeconds);
  headers['X-RateLimit-Reset'] = String(retryAfterSeconds);
  return {
    allowed: false,
    headers,
    retryAfterSeconds,
    reason: `Rate limit exceeded for this API key: ${describe(shown.spec)}. Retry after ${retryAfterSeconds} s.`,
  };
}

/** The ApiError for a refused decision: 429 with Retry-After, or 503 when the limit store is down (fail closed). */
export function rateLimitError(decision: RateLimitDecision): ApiError {
  if (decision.unavailable) {
    return new ApiError(503, 'Rate limiting is unavailable, so the request was refused; try again shortly.', 'service_unavailable', null, decision.headers);
  }
  return new ApiError(429, decision.reason ?? 'Rate limit exceeded for this API key.', 'rate_limit_error', null, decision.headers);
}
