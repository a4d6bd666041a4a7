import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ioredis } from '../common/load-on-use.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { DatabaseSpendStore, RedisSpendStore, type SpendCounter, type SpendStore } from './spend-store.js';
import { UsageBuffer, type UsageRow } from './usage-buffer.js';
import { writeSkippingBadRows } from './usage-batch.js';
import { TeamsDatabase } from './teams-database.js';

const BATCH = 500;
/** How long a stored spend value is trusted without Redis (docs/teams.md: the overshoot bound). */
const SPEND_CACHE_MS = 1000;

/**
 * Usage rows and spend, off the request path: record() only appends to a bounded buffer and bumps the spend
 * counters; a timer writes the rows in batches (idempotent by request id), with last_used_at and, without Redis,
 * the spend counters in the same transaction. A failed write keeps everything for the next tick; shutdown writes
 * what is left.
 */
@Injectable()
export class UsageRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Usage');
  private readonly buffer: UsageBuffer;
  readonly spend: SpendStore;
  private readonly redis?: Redis;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failing = false;
  private parked = 0;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly database: TeamsDatabase,
  ) {
    this.buffer = new UsageBuffer(config.teams.usageBufferMax, (max) =>
      this.logger.warn(`usage buffer full (${max} rows, USAGE_BUFFER_MAX): new usage rows are dropped until the database accepts writes`),
    );
    const { redisUrl, redisKeyPrefix, redisTimeoutMs } = config.rateLimit;
    if (redisUrl && database.db) {
      this.redis = new (ioredis().Redis)(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: redisTimeoutMs });
      this.redis.on('error', () => undefined);
      this.spend = new RedisSpendStore(this.redis, redisKeyPrefix, (error) => this.logger.warn(`spend counter not updated in Redis: ${error.message}`));
    } else {
      this.spend = new DatabaseSpendStore(database.db!, SPEND_CACHE_MS);
    }
  }

  onModuleInit(): void {
    if (!this.database.db) return;
    this.timer = setInterval(() => void this.flush(), this.config.teams.usageFlushMs);
    this.timer.unref();
  }

  record(row: UsageRow): void {
    this.buffer.push(row);
  }

  /** Rows waiting, rows dropped because the buffer was full, rows the database refused (for metrics and tests). */
  stats(): { buffered: number; dropped: number; parked: number } {
    return { buffered: this.buffer.size, dropped: this.buffer.dropped, parked: this.parked };
  }

  /** Writes everything buffered (one flush at a time); resolves when done or when the database refused. */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
    if (this.buffer.size > 0) this.logger.error(`${this.buffer.size} usage rows could not be written before shutdown`);
    this.redis?.disconnect();
  }

  private async writeAll(): Promise<void> {
    const db = this.database.db;
    if (!db) return;
    const store = this.spend instanceof DatabaseSpendStore ? this.spend : undefined;
    while (this.buffer.size > 0 || (store && this.hasPending(store))) {
      const batch = this.buffer.take(BATCH);
      const pending = store?.takePending() ?? new Map();
      try {
        // One bad row (a value the database refuses) is parked; the others and the counters are written.
        await writeSkippingBadRows(batch, (rows, probe) => this.write(db, rows, probe ? new Map() : pending), (row, error) => this.park(row, error));
        store?.written(pending.keys());
        if (this.failing) this.logger.log('database reachable again: buffered usage written');
        this.failing = false;
      } catch (error) {
        this.buffer.restore(batch);
        store?.restorePending(pending);
        if (!this.failing) this.logger.warn(`usage not written yet (kept in memory, ${this.buffer.size} rows): ${(error as Error).message}`);
        this.failing = true;
        return;
      }
    }
  }

  /** The rows, the keys' last_used_at and, without Redis, the pending spend increments: one transaction. */
  private async write(db: NonNullable<TeamsDatabase['db']>, batch: readonly UsageRow[], pending: Map<string, { counter: SpendCounter; usd: number }>): Promise<void> {
    // Imported here, not statically: only a process with a database loads kysely (TeamsDatabase.open).
    const { sql } = await import('kysely');
    await db.transaction().execute(async (trx) => {
      if (batch.length > 0) {
        await trx.insertInto('usage').values([...batch]).onConflict((oc) => oc.column('request_id').doNothing()).execute();
        const lastUsed = new Map<string, Date>();
        for (const row of batch) if ((lastUsed.get(row.key_id)?.getTime() ?? 0) < row.created_at.getTime()) lastUsed.set(row.key_id, row.created_at);
        for (const [keyId, at] of lastUsed) {
          await trx.updateTable('api_keys').set({ last_used_at: sql`greatest(last_used_at, ${at})` }).where('id', '=', keyId).execute();
        }
      }
      for (const { counter, usd } of pending.values()) {
        await trx
          .insertInto('spend_counters')
          .values({ scope: counter.scope, period: counter.period, spend_usd: usd })
          .onConflict((oc) => oc.columns(['scope', 'period']).doUpdateSet({ spend_usd: sql`spend_counters.spend_usd + excluded.spend_usd` }))
          .execute();
      }
    });
  }

  private park(row: UsageRow, error: Error): void {
    this.parked += 1;
    this.logger.error(`usage row of request ${row.request_id} (key ${row.key_id}) parked: the database refused it (${error.message}); the other rows are written`);
  }

  private hasPending(store: DatabaseSpendStore): boolean {
    const pending = store.takePending();
    store.restorePending(pending);
    return pending.size > 0;
  }
}
