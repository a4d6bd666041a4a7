/** Names of the two throttlers (ThrottlerModule options), also the window names in refusal messages. */
export const BURST = 'burst';
export const PER_MINUTE = 'per-minute';

/** Both limits of one key. */
export interface KeyLimits {
  perMinute: number;
  burst: number;
}

export type FailMode = 'open' | 'closed';

/** The rate-limit settings, read from the environment at boot by src/config/rate-limit-settings.ts. */
export interface RateLimitSettings {
  defaults: KeyLimits;
  /** Length of the "per minute" window (RATE_LIMIT_WINDOW_MS, 60 s unless a test shortens it). */
  windowMs: number;
  /** Length of the burst window (RATE_LIMIT_BURST_WINDOW_MS, 1 s by default). */
  burstWindowMs: number;
  /** Per-key limits, by key fingerprint (the `key_id` of the logs). */
  overrides: ReadonlyMap<string, KeyLimits>;
  /** Failed authentications allowed per client IP per authFailureWindowMs before it is answered 429. */
  authFailureLimit: number;
  authFailureWindowMs: number;
  /** Shared store for several replicas; in-process memory when absent. */
  redisUrl?: string;
  redisKeyPrefix: string;
  /** Bound on every Redis command, so a dead Redis cannot stall requests. */
  redisTimeoutMs: number;
  /** What a request gets while the store is unreachable: admitted (open) or 503 (closed). */
  failMode: FailMode;
}
