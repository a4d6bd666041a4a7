import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ioredis } from '../common/load-on-use.js';
import type { BudgetHold } from './budget-hold.js';
import { SLIDING_WINDOW_SCRIPT } from './sliding-window.lua.js';
import { throttlerRecord } from './throttler-record.js';
import { hitByAdmit, type AdmitQuery, type AdmitResult, type HitResult, type SlidingWindowStore, type ThrottlerRecord, type WindowSpec } from './window-store.js';

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  /** Bound on each command and on connecting. */
  timeoutMs: number;
}

const SCRIPT_SHA = createHash('sha1').update(SLIDING_WINDOW_SCRIPT).digest('hex');

/**
 * The sliding log shared by every replica: one Lua script per admission question (SLIDING_WINDOW_SCRIPT), so the
 * gate, the check and the record (and a budget reservation held with it) are one atomic step across processes.
 * Commands fail fast instead of queueing while Redis is away: a queued command could run after its request was
 * already answered, spending budget for a request that was never counted as admitted. (Every key of one script
 * must live on one server: no Redis Cluster.)
 */
export class RedisWindowStore implements SlidingWindowStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  /** Writes are held until the check phase (batchWrites). */
  private corked = false;
  /** Scripts sent and not yet answered. */
  private inFlight = 0;

  constructor(private readonly options: RedisStoreOptions) {
    this.redis = new (ioredis().Redis)(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: Math.max(options.timeoutMs, 1000),
      // Keep trying to come back, at most every 2 s; requests meanwhile follow RATE_LIMIT_FAIL_MODE.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Failures surface on the commands (and are reported by the caller once per outage); the socket's own error
    // events would otherwise be printed by ioredis for every reconnect attempt.
    this.redis.on('error', () => undefined);
  }

  /** Connects, waiting at most a few timeouts: a Redis that is down at boot is an outage, not a failed start. */
  async connect(): Promise<boolean> {
    const bound = new Promise<false>((resolve) => setTimeout(() => resolve(false), this.options.timeoutMs * 4).unref());
    const connected = this.redis.connect().then(
      () => true,
      () => false,
    );
    return Promise.race([connected, bound]);
  }

  async admit(query: AdmitQuery): Promise<AdmitResult> {
    const { gate, windows } = query;
    const hold = query.hold?.redis;
    const prefix = this.options.keyPrefix;
    // Keys, then arguments, in the script's order (sliding-window.lua.ts).
    const argv: (string | number)[] = [prefix + query.key];
    if (gate) argv.push(prefix + gate.key);
    if (hold) argv.push(...hold.keys);
    const keyCount = argv.length;
    argv.push(query.hits, query.horizonMs ?? 0, gate ? gate.window.windowMs : 0, gate ? gate.window.limit : 0);
    if (hold) argv.push(hold.keys.length, hold.usd, ...hold.limitsAndTtls);
    else argv.push(0, 0);
    for (const window of windows) argv.push(window.windowMs, window.limit);
    const reply = await this.evaluate(keyCount, argv);
    if (!Array.isArray(reply) || reply.length < 4) throw new Error('unexpected reply from the rate-limit script');
    if (reply[0] === 1) return { gated: { count: Number(reply[1]), freeInMs: Number(reply[2]) / 1000 }, admitted: 0, windows: [] };
    const end = 4 + 2 * windows.length;
    if (reply.length < end || (reply.length > end && !hold)) throw new Error('unexpected reply from the rate-limit script');
    const result: AdmitResult = {
      admitted: Number(reply[3]),
      windows: windows.map((_, index) => ({ count: Number(reply[4 + 2 * index]), freeInMs: Number(reply[5 + 2 * index]) / 1000 })),
    };
    if (reply.length > end) result.reserved = { refused: Number(reply[end]) - 1, spent: reply.slice(end + 1).map(Number) };
    return result;
  }

  runs(hold: BudgetHold): boolean {
    return hold.redis !== undefined;
  }

  async hit(key: string, windows: readonly WindowSpec[], record = true): Promise<HitResult> {
    return hitByAdmit(this, key, windows, record);
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerRecord> {
    const window: WindowSpec = { name: 'default', windowMs: ttl, limit };
    return throttlerRecord(await this.hit(key, [window]));
  }

  /** PING, bounded by the command timeout (and failing at once while disconnected: no offline queue). */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /**
   * Holds the connection's writes until the event loop's check phase, so the scripts of every request read in one
   * poll phase leave in one write (one system call and one wake-up of Redis) instead of one each. Unlike ioredis's
   * auto-pipelining, nothing waits for earlier replies: commands are queued and answered in order as before. Only
   * under concurrency: a lone request's script is not held (the wait cost a few µs at c=1).
   */
  private batchWrites(): void {
    const stream = this.redis.stream as (typeof this.redis.stream & { writableCorked?: number }) | undefined;
    if (this.corked || stream === undefined || stream.writableCorked === undefined) return;
    this.corked = true;
    stream.cork();
    setImmediate(() => {
      this.corked = false;
      stream.uncork();
    });
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
  private async evaluate(keyCount: number, keysAndArgs: (string | number)[]): Promise<unknown> {
    // Alone (nothing awaited on the connection), the script goes out at once; behind others, whose replies come
    // first anyway (Redis answers a connection in order), it waits for the batch of its poll phase.
    if (this.inFlight > 0) this.batchWrites();
    this.inFlight += 1;
    try {
      return await this.redis.evalsha(SCRIPT_SHA, keyCount, ...keysAndArgs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await this.redis.eval(SLIDING_WINDOW_SCRIPT, keyCount, ...keysAndArgs);
    } finally {
      this.inFlight -= 1;
    }
  }
}
