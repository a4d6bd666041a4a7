import { performance } from 'node:perf_hooks';
import { throttlerRecord } from './throttler-record.js';
import type { HitResult, SlidingWindowStore, ThrottlerRecord, WindowSpec } from './window-store.js';

/** Drops idle keys this often, so a process that saw many keys does not keep their logs forever. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The in-process sliding log: per key, the admission times in ascending order, in whole microseconds of a
 * monotonic clock (integers keep the arithmetic exact, as in the Redis script). Node runs one hit at a time, so
 * every hit is atomic without locks.
 */
export class MemoryWindowStore implements SlidingWindowStore {
  readonly kind = 'memory';
  private readonly logs = new Map<string, number[]>();
  /** The longest window seen per key (µs): entries older than it can never count again. */
  private readonly horizons = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clockUs: () => number = () => Math.round(performance.now() * 1000)) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async hit(key: string, windows: readonly WindowSpec[], record = true): Promise<HitResult> {
    const now = this.clockUs();
    const horizon = Math.max(this.horizons.get(key) ?? 0, ...windows.map((window) => window.windowMs * 1000));
    const log = this.logs.get(key) ?? [];
    // An entry at time t counts while now - windowMs < t, the same (now - w, now] interval as the Redis script.
    let expired = 0;
    while (expired < log.length && log[expired]! <= now - horizon) expired++;
    if (expired > 0) log.splice(0, expired);

    const counted = windows.map((window) => {
      const first = firstAfter(log, now - window.windowMs * 1000);
      return { window, first, count: log.length - first };
    });
    const allowed = counted.every(({ window, count }) => count < window.limit);
    if (allowed && record) log.push(now);
    if (log.length > 0) {
      this.logs.set(key, log);
      this.horizons.set(key, horizon);
    } else {
      this.logs.delete(key);
      this.horizons.delete(key);
    }
    return {
      allowed,
      windows: counted.map(({ window, first }) => {
        const count = log.length - first;
        // The entry whose expiry leaves limit - 1 entries: the oldest one when the window is not full.
        const freeing = log[first + Math.max(0, count - window.limit)];
        return { count, freeInMs: freeing === undefined ? 0 : (freeing + window.windowMs * 1000 - now) / 1000 };
      }),
    };
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerRecord> {
    const window: WindowSpec = { name: 'default', windowMs: ttl, limit };
    return throttlerRecord(await this.hit(key, [window]));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.logs.clear();
    this.horizons.clear();
  }

  private sweep(): void {
    const now = this.clockUs();
    for (const [key, log] of this.logs) {
      const last = log[log.length - 1];
      if (last === undefined || last <= now - (this.horizons.get(key) ?? 0)) {
        this.logs.delete(key);
        this.horizons.delete(key);
      }
    }
  }
}

/** Index of the first entry strictly later than `time` (binary search over the ascending log). */
function firstAfter(log: readonly number[], time: number): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (log[middle]! <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
