import { decide, type RateLimitDecision } from './rate-limit-decision.js';
import type { RateLimitSettings } from './rate-limit-config.js';
import type { WindowSpec, WindowUsage } from './window-store.js';

/** The store key of an address's failed authentications. */
export const authFailureKey = (ip: string): string => `authfail:${ip}`;

/** AUTH_FAILURE_LIMIT failures per AUTH_FAILURE_WINDOW_MS, per client address. */
export function authFailureWindow(settings: RateLimitSettings): WindowSpec {
  return { name: 'failed-authentication', windowMs: settings.authFailureWindowMs, limit: settings.authFailureLimit };
}

/**
 * The 429 for an address past its failed-authentication limit: only Retry-After, no X-RateLimit-* (those describe
 * a key's budget, and this refusal says nothing about any key).
 */
export function authFailureRefusal(window: WindowSpec, usage: WindowUsage): RateLimitDecision {
  const decision = decide([window], { allowed: false, windows: [usage] });
  return {
    ...decision,
    headers: { 'Retry-After': decision.headers['Retry-After']! },
    reason: `Too many failed authentication attempts from this address: ${window.limit} allowed per ${window.windowMs / 1000} s. Retry after ${decision.retryAfterSeconds} s.`,
  };
}
