import type { ThrottlerStorage } from '@nestjs/throttler';

/** What ThrottlerStorage.increment answers (the package does not export the type from its index). */
export type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One rolling window: at most `limit` requests in any `windowMs` milliseconds. */
export interface WindowSpec {
  name: string;
  windowMs: number;
  limit: number;
}

/** A window's state after a hit, measured on the store's own clock. */
export interface WindowUsage {
  /** Requests inside the window, this one included when it was admitted and recorded. */
  count: number;
  /**
   * Milliseconds until the window has room for one more request than now: when it is full, until enough of the
   * oldest entries expire; otherwise until its oldest entry expires (0 for an empty window).
   */
  freeInMs: number;
}

export interface HitResult {
  /** Every window had room; the hit was recorded in all of them (or would have been, for a peek). */
  allowed: boolean;
  /** In the order of the windows asked about. */
  windows: WindowUsage[];
}

/**
 * A sliding-log store: each key holds the timestamps of its admitted requests. A hit is admitted only when every
 * window has room, and only an admitted hit is recorded, so refused requests never spend budget. Atomic per key.
 * It is also a ThrottlerStorage, so @nestjs/throttler can use it for a single window.
 */
export interface SlidingWindowStore extends ThrottlerStorage {
  readonly kind: 'memory' | 'redis';
  /** `record: false` only looks: nothing is written. */
  hit(key: string, windows: readonly WindowSpec[], record?: boolean): Promise<HitResult>;
  close(): Promise<void>;
}
