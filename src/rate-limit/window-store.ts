import type { ThrottlerStorage } from '@nestjs/throttler';
import type { BudgetHold, ReserveOutcome } from './budget-hold.js';

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
 * One admission question, answered in one atomic store operation (one Lua script in Redis): first the gate (a
 * log that must not be full, only looked at: the failed-authentication log of the client's address), then up to
 * `hits` admissions recorded in `key`'s log, as many as every window has room for.
 */
export interface AdmitQuery {
  gate?: { key: string; window: WindowSpec };
  key: string;
  /** May be empty: then only the gate is looked at. */
  windows: readonly WindowSpec[];
  /** How many admissions to record; 0 only looks. */
  hits: number;
  /** Keep entries at least this long, even when this query's windows are shorter (a route skipping a window). */
  horizonMs?: number;
  /** A budget reservation to make in the same step, when every hit was admitted (see BudgetHold). */
  hold?: BudgetHold;
}

export interface AdmitResult {
  /** Set when the gate was full: nothing else was looked at or recorded. */
  gated?: WindowUsage;
  /** How many of the asked hits were recorded. */
  admitted: number;
  /** State of each window after recording, in the order asked. */
  windows: WindowUsage[];
  /** The hold's answer, when it was tried (every hit admitted, and a form of it this store runs). */
  reserved?: ReserveOutcome;
}

/**
 * A sliding-log store: each key holds the timestamps of its admitted requests. A hit is admitted only when every
 * window has room, and only an admitted hit is recorded, so refused requests never spend budget. Atomic per
 * operation. It is also a ThrottlerStorage, so @nestjs/throttler can use it for a single window.
 */
export interface SlidingWindowStore extends ThrottlerStorage {
  readonly kind: 'memory' | 'redis';
  admit(query: AdmitQuery): Promise<AdmitResult>;
  /** Whether admit() runs this hold (Redis: its script part; memory: its local part). */
  runs(hold: BudgetHold): boolean;
  /** One hit on one key; `record: false` only looks: nothing is written. */
  hit(key: string, windows: readonly WindowSpec[], record?: boolean): Promise<HitResult>;
  /** Resolves when the store answers a no-op command (readiness); rejects when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** hit() in terms of admit(): a single admission, or a look, without a gate. */
export async function hitByAdmit(store: SlidingWindowStore, key: string, windows: readonly WindowSpec[], record: boolean): Promise<HitResult> {
  const result = await store.admit({ key, windows, hits: record ? 1 : 0 });
  const allowed = record ? result.admitted === 1 : windows.every((window, index) => result.windows[index]!.count < window.limit);
  return { allowed, windows: result.windows };
}
