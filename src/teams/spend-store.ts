import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Db } from '../db/database.js';

/** One spend counter: `key:<id>` or `team:<id>`, in one period (`d:2026-11-28`, `m:2026-11`, `total`). */
export interface SpendCounter {
  scope: string;
  period: string;
}

const name = (counter: SpendCounter): string => `${counter.scope}|${counter.period}`;

/** A counter's Redis key under the deployment's REDIS_KEY_PREFIX. */
export const spendKey = (counter: SpendCounter): string => `spend:${counter.scope}:${counter.period}`;

/** Spend read along with the request's rate-limit check (one Redis round trip), keyed as spendKey() names them. */
export interface PrefetchedSpend {
  keys: readonly string[];
  usd: readonly number[];
}

/** The prefetched values for exactly these counters, or undefined (other counters, or nothing prefetched). */
export function prefetched(spend: PrefetchedSpend | undefined, counters: readonly SpendCounter[]): number[] | undefined {
  if (spend === undefined || spend.keys.length !== counters.length) return undefined;
  return counters.every((counter, index) => spend.keys[index] === spendKey(counter)) ? [...spend.usd] : undefined;
}

/** Spend counters shared by every replica: what budgets read. */
export interface SpendStore {
  add(counters: readonly SpendCounter[], usd: number): void;
  get(counters: readonly SpendCounter[]): Promise<number[]>;
  /** Increments not yet written (the database store writes them with the usage rows). */
  takePending?(): Map<string, { counter: SpendCounter; usd: number }>;
  restorePending?(pending: Map<string, { counter: SpendCounter; usd: number }>): void;
}

/** Redis (REDIS_URL set): INCRBYFLOAT per counter, read with one MGET; day and month counters expire after their period. */
export class RedisSpendStore implements SpendStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void,
  ) {}

  add(counters: readonly SpendCounter[], usd: number): void {
    if (usd <= 0 || counters.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const counter of counters) {
      const key = this.key(counter);
      pipeline.incrbyfloat(key, usd);
      if (counter.period !== 'total') pipeline.expire(key, counter.period.startsWith('d:') ? 3 * 86_400 : 40 * 86_400);
    }
    pipeline.exec().catch(this.onError);
  }

  async get(counters: readonly SpendCounter[]): Promise<number[]> {
    if (counters.length === 0) return [];
    const values = await this.redis.mget(...counters.map((counter) => this.key(counter)));
    return values.map((value) => Number(value ?? 0));
  }

  private key(counter: SpendCounter): string {
    return `${this.prefix}${spendKey(counter)}`;
  }
}

/**
 * The database (no Redis): increments are kept in memory and written with the next usage batch, in its
 * transaction; reads add this replica's unwritten increments to the stored value, itself cached for `cacheMs`
 * (so a budget check is not a database round trip per request; the overshoot bound grows by what other replicas
 * spend in that time, see docs/teams.md).
 */
export class DatabaseSpendStore implements SpendStore {
  private pending = new Map<string, { counter: SpendCounter; usd: number }>();
  private readonly cached = new Map<string, { usd: number; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs: number,
  ) {}

  add(counters: readonly SpendCounter[], usd: number): void {
    if (usd <= 0) return;
    for (const counter of counters) {
      const entry = this.pending.get(name(counter)) ?? { counter, usd: 0 };
      entry.usd += usd;
      this.pending.set(name(counter), entry);
    }
  }

  async get(counters: readonly SpendCounter[]): Promise<number[]> {
    const now = Date.now();
    const missing = counters.filter((counter) => (this.cached.get(name(counter))?.at ?? -Infinity) + this.cacheMs <= now);
    if (missing.length > 0) {
      try {
        const rows = await this.db
          .selectFrom('spend_counters')
          .select(['scope', 'period', 'spend_usd'])
          .where(sql<boolean>`(scope, period) in (${sql.join(missing.map((c) => sql`(${c.scope}, ${c.period})`))})`)
          .execute();
        for (const counter of missing) this.cached.set(name(counter), { usd: 0, at: now });
        for (const row of rows) this.cached.set(`${row.scope}|${row.period}`, { usd: Number(row.spend_usd), at: now });
      } catch {
        // The database is down: the last values read (and this replica's own spend since) still apply.
      }
    }
    return counters.map((counter) => (this.cached.get(name(counter))?.usd ?? 0) + (this.pending.get(name(counter))?.usd ?? 0));
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
    for (const key of keys) this.cached.delete(key);
  }
}
