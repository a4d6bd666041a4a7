import type { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import type { BudgetHold, ReserveOutcome } from '../rate-limit/budget-hold.js';
import { RESERVE_SCRIPT } from './reserve.lua.js';

/** One spend counter: `key:<id>` or `team:<id>`, in one period (`d:2026-11-28`, `m:2026-11`, `total`). */
export interface SpendCounter {
  scope: string;
  period: string;
}

const name = (counter: SpendCounter): string => `${counter.scope}|${counter.period}`;
/** Day and month counters expire after their period (with room for clocks and reports); `total` never does. */
const ttlOf = (counter: SpendCounter): number => (counter.period === 'total' ? 0 : counter.period.startsWith('d:') ? 3 * 86_400 : 40 * 86_400);

// What `reserve` found (defined beside the rate-limit store, which can make a reservation in its admission's step).
export type { ReserveOutcome } from '../rate-limit/budget-hold.js';

/**
 * The admission rule (the same in reserve.lua.ts): a reservation fits a counter below its limit when the counter
 * plus the reservation stays within it, so the reservations in flight never add up past a budget.
 */
export const fits = (spent: number, limit: number | undefined, usd: number): boolean => limit === undefined || (spent < limit && spent + usd <= limit);

/** Spend counters shared by every replica: what budgets read. */
export interface SpendStore {
  /** Adds `usd` (negative to give part of a reservation back) to every counter, off the request path. */
  add(counters: readonly SpendCounter[], usd: number): void;
  get(counters: readonly SpendCounter[]): Promise<number[]>;
  /**
   * Adds `usd` to every counter if it fits under every limit (undefined: no budget on it; see `fits`), atomically.
   * Rejects when the store is away.
   */
  reserve(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): Promise<ReserveOutcome>;
  /** The same reservation, for the rate-limit store to make in its admission's step (one round trip; BudgetHold). */
  hold(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): BudgetHold;
  /** Increments not yet written (the database store writes them with the usage rows). */
  takePending?(): Map<string, { counter: SpendCounter; usd: number }>;
  restorePending?(pending: Map<string, { counter: SpendCounter; usd: number }>): void;
}

/** Redis (REDIS_URL set): INCRBYFLOAT per counter, read with one MGET, reserved with one script (reserve.lua.ts). */
export class RedisSpendStore implements SpendStore {
  /** The reservation script as an ioredis command: sent by its SHA (EVALSHA), the script itself only once. */
  private readonly scripted: { reserveBudget(keyCount: number, ...keysAndArgs: string[]): Promise<unknown> };

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void,
  ) {
    redis.defineCommand('reserveBudget', { lua: RESERVE_SCRIPT });
    this.scripted = redis as unknown as RedisSpendStore['scripted'];
  }

  add(counters: readonly SpendCounter[], usd: number): void {
    if (usd === 0 || counters.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const counter of counters) {
      const key = this.key(counter);
      pipeline.incrbyfloat(key, usd);
      if (counter.period !== 'total') pipeline.expire(key, ttlOf(counter));
    }
    pipeline.exec().catch(this.onError);
  }

  async reserve(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): Promise<ReserveOutcome> {
    const { keys, usd: amount, limitsAndTtls } = this.hold(counters, limits, usd).redis!;
    const [refused, ...spent] = (await this.scripted.reserveBudget(keys.length, ...keys, amount, ...limitsAndTtls)) as (number | string)[];
    return { refused: Number(refused) - 1, spent: spent.map(Number) };
  }

  hold(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): BudgetHold {
    const limitsAndTtls = counters.flatMap((counter, i) => [limits[i] === undefined ? '' : String(limits[i]), String(ttlOf(counter))]);
    return { redis: { keys: counters.map((counter) => this.key(counter)), usd: String(usd), limitsAndTtls } };
  }

  async get(counters: readonly SpendCounter[]): Promise<number[]> {
    if (counters.length === 0) return [];
    const values = await this.redis.mget(...counters.map((counter) => this.key(counter)));
    return values.map((value) => Number(value ?? 0));
  }

  private key(counter: SpendCounter): string {
    return `${this.prefix}spend:${counter.scope}:${counter.period}`;
  }
}

/** Reads of the counters per refresh while flushes keep landing during them (then the last read is kept). */
const MAX_READS = 3;

/**
 * The database (no Redis): increments are kept in memory and written with the next usage batch, in its
 * transaction; reads add this replica's unwritten increments to the stored value, itself cached for `cacheMs`
 * (so a budget check is not a database round trip per request; the overshoot bound grows by what other replicas
 * spend in that time, see docs/teams.md).
 */
export class DatabaseSpendStore implements SpendStore {
  private pending = new Map<string, { counter: SpendCounter; usd: number }>();
  private readonly cached = new Map<string, { usd: number; at: number }>();
  /** Successful flushes so far: a read that overlapped one is not cached (refresh). */
  private writes = 0;

  constructor(
    private readonly db: Db,
    private readonly cacheMs: number,
  ) {}

  add(counters: readonly SpendCounter[], usd: number): void {
    if (usd === 0) return;
    for (const counter of counters) {
      const entry = this.pending.get(name(counter)) ?? { counter, usd: 0 };
      entry.usd += usd;
      this.pending.set(name(counter), entry);
    }
  }

  async get(counters: readonly SpendCounter[]): Promise<number[]> {
    await this.refresh(counters);
    return this.current(counters);
  }

  /** Checked and added in one synchronous step after the refresh, so concurrent requests on this replica see each other. */
  async reserve(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): Promise<ReserveOutcome> {
    await this.refresh(counters);
    return this.reserveNow(counters, limits, usd);
  }

  hold(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): BudgetHold {
    return { local: { prepare: () => this.refresh(counters), take: () => this.reserveNow(counters, limits, usd) } };
  }

  /** The check and the reservation against what is known now, synchronously. */
  private reserveNow(counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): ReserveOutcome {
    const spent = this.current(counters);
    const refused = spent.findIndex((value, i) => !fits(value, limits[i], usd));
    if (refused === -1) this.add(counters, usd);
    return { refused, spent: refused === -1 ? [] : spent };
  }

  private current(counters: readonly SpendCounter[]): number[] {
    return counters.map((counter) => (this.cached.get(name(counter))?.usd ?? 0) + (this.pending.get(name(counter))?.usd ?? 0));
  }

  private async refresh(counters: readonly SpendCounter[]): Promise<void> {
    const now = Date.now();
    const missing = counters.filter((counter) => (this.cached.get(name(counter))?.at ?? -Infinity) + this.cacheMs <= now);
    if (missing.length === 0) return;
    try {
      // Imported here, not statically: only a process with a database loads kysely (TeamsDatabase.open).
      const { sql } = await import('kysely');
      for (let attempt = 1; ; attempt += 1) {
        const writes = this.writes;
        const rows = await this.db
          .selectFrom('spend_counters')
          .select(['scope', 'period', 'spend_usd'])
          .where(sql<boolean>`(scope, period) in (${sql.join(missing.map((c) => sql`(${c.scope}, ${c.period})`))})`)
          .execute();
        // A flush committed while this read was in flight: the rows may predate it, and the increments it wrote
        // have left `pending`, so caching them would undercount until the cache expires. Read again (a flush runs
        // every USAGE_FLUSH_MS, so a second read almost always sees none).
        if (this.writes !== writes && attempt < MAX_READS) continue;
        for (const counter of missing) this.cached.set(name(counter), { usd: 0, at: now });
        for (const row of rows) this.cached.set(`${row.scope}|${row.period}`, { usd: Number(row.spend_usd), at: now });
        return;
      }
    } catch {
      // The database is down: the last values read (and this replica's own spend since) still apply.
    }
  }

  takePending(): Map<string, { counter: SpendCounter; usd: number }> {
    const taken = this.pending;
    this.pending = new Map();
    return taken;
  }

  /** A failed write gives its increments back (added to any made since). */
  restorePending(pending: Map<string, { counter: SpendCounter; usd: number }>): void {
    for (const [key, entry] of pending) {
      const current = this.pending.get(key);
      this.pending.set(key, { counter: entry.counter, usd: entry.usd + (current?.usd ?? 0) });
    }
  }

  /** After a successful write, the stored value includes it: drop the cached one so the next read fetches it. */
  written(keys: Iterable<string>): void {
    this.writes += 1;
    for (const key of keys) this.cached.delete(key);
  }
}
