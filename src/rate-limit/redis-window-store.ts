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
 * The most scripts one write carries under concurrency (hold). Measured side by side at c=50 with Redis limits
 * (eight alternating rounds): `GET /v1/models` 16.8k → 20.1k req/s against holding every script of a poll phase,
 * the completion routes within the rounds' spread; 2 and 8 did no better than 4.
 */
export const WRITE_BATCH_MAX = 4;

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
  /** The connection corked for a batch (hold), and how many scripts it holds. */
  private heldOn?: { uncork(): void };
  private held = 0;
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
   * Holds the connection's writes so that the scripts of concurrent requests leave together: at most
   * WRITE_BATCH_MAX in one write, the rest at the event loop's check phase (one system call and one wake-up of Redis
   * per batch instead of per script). Unlike ioredis's auto-pipelining, nothing waits for earlier replies: commands
   * are queued and answered in order as before. The bound keeps Redis busy while the gateway still reads requests:
   * holding a whole poll phase's scripts made the two take turns, Redis idle while the gateway parsed and the gateway
   * idle while Redis ran the batch (docs/benchmarks.md, sixth pass). Only under concurrency: a lone request's script
   * is not held (the wait cost a few µs at c=1).
   */
  private hold(): void {
    if (this.heldOn !== undefined) {
      this.held += 1;
      return;
    }
    const stream = this.redis.stream as (typeof this.redis.stream & { writableCorked?: number }) | undefined;
    if (stream === undefined || stream.writableCorked === undefined) return;
    stream.cork();
    this.heldOn = stream;
    this.held = 1;
    // A batch that already left by its size leaves this check phase nothing to do, or a newer batch to send early.
    setImmediate(() => this.release());
  }

  /** Writes the held scripts now. */
  private release(): void {
    const stream = this.heldOn;
    if (stream === undefined) return;
    this.heldOn = undefined;
    this.held = 0;
    stream.uncork();
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
  private async evaluate(keyCount: number, keysAndArgs: (string | number)[]): Promise<unknown> {
    // Alone (nothing awaited on the connection), the script goes out at once; behind others, whose replies come
    // first anyway (Redis answers a connection in order), it joins a batch (hold).
    if (this.inFlight > 0) this.hold();
    this.inFlight += 1;
    try {
      const reply = this.redis.evalsha(SCRIPT_SHA, keyCount, ...keysAndArgs);
      // Written into the held batch: a full batch leaves now.
      if (this.held >= WRITE_BATCH_MAX) this.release();
      return await reply;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await this.redis.eval(SLIDING_WINDOW_SCRIPT, keyCount, ...keysAndArgs);
    } finally {
      this.inFlight -= 1;
    }
  }
}
