import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { SLIDING_WINDOW_SCRIPT } from './sliding-window.lua.js';
import { throttlerRecord } from './throttler-record.js';
import type { HitResult, SlidingWindowStore, ThrottlerRecord, WindowSpec } from './window-store.js';

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  /** Bound on each command and on connecting. */
  timeoutMs: number;
}

const SCRIPT_SHA = createHash('sha1').update(SLIDING_WINDOW_SCRIPT).digest('hex');

/**
 * The sliding log shared by every replica: one Lua script per hit (SLIDING_WINDOW_SCRIPT), so check-and-record is
 * atomic across processes. Commands fail fast instead of queueing while Redis is away: a queued command could run
 * after its request was already answered, spending budget for a request that was never counted as admitted.
 */
export class RedisWindowStore implements SlidingWindowStore {
  readonly kind = 'redis';
  private readonly redis: Redis;

  constructor(private readonly options: RedisStoreOptions) {
    this.redis = new Redis(options.url, {
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

  async hit(key: string, windows: readonly WindowSpec[], record = true): Promise<HitResult> {
    const args = [record ? '1' : '0', randomUUID(), ...windows.flatMap((w) => [String(w.windowMs), String(w.limit)])];
    const reply = await this.evaluate(`${this.options.keyPrefix}${key}`, args);
    if (!Array.isArray(reply) || reply.length !== 1 + 2 * windows.length) {
      throw new Error('unexpected reply from the rate-limit script');
    }
    const numbers = reply.map(Number);
    return {
      allowed: numbers[0] === 1,
      windows: windows.map((_, index) => ({
        count: numbers[1 + 2 * index]!,
        freeInMs: numbers[2 + 2 * index]! / 1000,
      })),
    };
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerRecord> {
    const window: WindowSpec = { name: 'default', windowMs: ttl, limit };
    return throttlerRecord(await this.hit(key, [window]));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
  private async evaluate(key: string, args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(SCRIPT_SHA, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(SLIDING_WINDOW_SCRIPT, 1, key, ...args);
    }
  }
}
