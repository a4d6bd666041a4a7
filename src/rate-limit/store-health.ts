import { Logger } from '@nestjs/common';

/** Counters of the limit store's failures, readable by other code (and the logs). */
export interface RateLimitStats {
  store: 'memory' | 'redis';
  failMode: 'open' | 'closed';
  /** Store operations that failed (unreachable, too slow) or were skipped because the store is known to be down. */
  storeFailures: number;
  /** Requests admitted without a limit because the store failed (fail open). */
  admittedUnchecked: number;
  /** Requests answered 503 because the store failed (fail closed). */
  refusedUnavailable: number;
  /** Times the store went from working to failing. */
  outages: number;
  /** True while the store is considered down. */
  storeDown: boolean;
}

/** While the store is down, one operation this often tries it; the others fail at once instead of each waiting. */
export const PROBE_INTERVAL_MS = 1000;

/**
 * Tracks whether the store is reachable. Logs one warning when an outage starts and one line when it ends, never
 * one per request: a dead Redis under load would otherwise flood the logs.
 */
export class StoreHealth {
  private readonly logger = new Logger('RateLimit');
  readonly stats: RateLimitStats;
  private lastProbe = 0;
  private admittedAtOutageStart = 0;
  private refusedAtOutageStart = 0;

  constructor(
    store: RateLimitStats['store'],
    failMode: RateLimitStats['failMode'],
    private readonly clock: () => number = Date.now,
  ) {
    this.stats = { store, failMode, storeFailures: 0, admittedUnchecked: 0, refusedUnavailable: 0, outages: 0, storeDown: false };
  }

  /** Whether to try the store now: always while it works, once per PROBE_INTERVAL_MS while it is down. */
  mayTry(): boolean {
    if (!this.stats.storeDown) return true;
    const now = this.clock();
    if (now - this.lastProbe < PROBE_INTERVAL_MS) {
      this.stats.storeFailures++;
      return false;
    }
    this.lastProbe = now;
    return true;
  }

  succeeded(): void {
    if (!this.stats.storeDown) return;
    this.stats.storeDown = false;
    const admitted = this.stats.admittedUnchecked - this.admittedAtOutageStart;
    const refused = this.stats.refusedUnavailable - this.refusedAtOutageStart;
    this.logger.log(
      `Rate-limit store reachable again; during the outage ${admitted} requests were admitted unchecked and ${refused} refused with 503`,
    );
  }

  failed(error: unknown): void {
    this.stats.storeFailures++;
    if (this.stats.storeDown) return;
    this.stats.storeDown = true;
    this.stats.outages++;
    this.lastProbe = this.clock();
    this.admittedAtOutageStart = this.stats.admittedUnchecked;
    this.refusedAtOutageStart = this.stats.refusedUnavailable;
    const reason = error instanceof Error ? error.message : String(error);
    const consequence =
      this.stats.failMode === 'open'
        ? 'admitting requests without rate limits (RATE_LIMIT_FAIL_MODE=open)'
        : 'answering 503 (RATE_LIMIT_FAIL_MODE=closed)';
    this.logger.warn(`Rate-limit store (${this.stats.store}) unreachable: ${reason}; ${consequence} until it is back`);
  }

  /** Counts what was done about a request the store could not decide. */
  decidedWithoutStore(outcome: 'admitted' | 'refused'): void {
    if (outcome === 'admitted') this.stats.admittedUnchecked++;
    else this.stats.refusedUnavailable++;
  }
}
