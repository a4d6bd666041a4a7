import { performance } from 'node:perf_hooks';
import { AdmissionLog } from './admission-log.js';
import type { BudgetHold } from './budget-hold.js';
import { throttlerRecord } from './throttler-record.js';
import {
  hitByAdmit,
  type AdmitQuery,
  type AdmitResult,
  type HitResult,
  type SlidingWindowStore,
  type ThrottlerRecord,
  type WindowSpec,
  type WindowUsage,
} from './window-store.js';

/** Drops idle keys this often, so a process that saw many keys does not keep their logs forever. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The in-process sliding log: per key an AdmissionLog of admission times in whole microseconds of a monotonic
 * clock (integers keep the arithmetic exact, as in the Redis script). Node runs one operation at a time, so each
 * is atomic without locks. Cost per operation: O(1) amortised per window, whatever the limits.
 */
export class MemoryWindowStore implements SlidingWindowStore {
  readonly kind = 'memory';
  private readonly logs = new Map<string, AdmissionLog>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clockUs: () => number = () => Math.round(performance.now() * 1000)) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** This process's memory is always there. */
  async ping(): Promise<void> {}

  async admit(query: AdmitQuery): Promise<AdmitResult> {
    const hold = query.hold?.local;
    // Awaited before the clock is read: from here on nothing yields, so the admission and the hold are one step.
    if (hold) await hold.prepare();
    const now = this.clockUs();
    if (query.gate) {
      const [gate] = this.look(query.gate.key, [query.gate.window], now, 0, 0).windows;
      if (gate!.count >= query.gate.window.limit) return { gated: gate, admitted: 0, windows: [] };
    }
    const result = this.look(query.key, query.windows, now, query.hits, (query.horizonMs ?? 0) * 1000);
    if (hold && query.hits > 0 && result.admitted === query.hits && query.windows.length > 0) result.reserved = hold.take();
    return result;
  }

  runs(hold: BudgetHold): boolean {
    return hold.local !== undefined;
  }

  async hit(key: string, windows: readonly WindowSpec[], record = true): Promise<HitResult> {
    return hitByAdmit(this, key, windows, record);
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerRecord> {
    const window: WindowSpec = { name: 'default', windowMs: ttl, limit };
    return throttlerRecord(await this.hit(key, [window]));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.logs.clear();
  }

  /** Counts every window, records as many of `hits` as all of them have room for, and reports the result. */
  private look(key: string, windows: readonly WindowSpec[], now: number, hits: number, horizon: number): AdmitResult {
    if (windows.length === 0) return { admitted: 0, windows: [] };
    const kept = this.logs.get(key);
    // Looked at, never recorded (the address gate of a client without failed authentications, on every request):
    // nothing inside any window, and no log to build and drop again.
    if (kept === undefined && hits === 0) return { admitted: 0, windows: windows.map(() => ({ count: 0, freeInMs: 0 })) };
    const log = kept ?? new AdmissionLog();
    let room = hits;
    let capacity = 0;
    let longest = horizon;
    for (const window of windows) {
      const span = window.windowMs * 1000;
      longest = Math.max(longest, span);
      capacity = Math.max(capacity, window.limit);
      room = Math.min(room, window.limit - log.inside(span, now).count);
    }
    log.horizon = Math.max(log.horizon, longest);
    log.forget(now - log.horizon);
    const admitted = Math.max(0, room);
    for (let i = 0; i < admitted; i++) log.push(now, capacity);
    if (log.newest() === undefined) this.logs.delete(key);
    else this.logs.set(key, log);
    return { admitted, windows: windows.map((window) => usage(log, window, now)) };
  }

  private sweep(): void {
    const now = this.clockUs();
    for (const [key, log] of this.logs) {
      const newest = log.newest();
      if (newest === undefined || newest <= now - log.horizon) this.logs.delete(key);
    }
  }
}

function usage(log: AdmissionLog, window: WindowSpec, now: number): WindowUsage {
  const span = window.windowMs * 1000;
  const { count, first } = log.inside(span, now);
  // The entry whose expiry leaves limit - 1 entries: the oldest one when the window is not full.
  const freeing = log.timeOf(first + Math.max(0, count - window.limit));
  return { count, freeInMs: freeing === undefined ? 0 : (freeing + span - now) / 1000 };
}
