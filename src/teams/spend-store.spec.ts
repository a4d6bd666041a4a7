import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { DatabaseSpendStore, RedisSpendStore, type SpendCounter, type SpendStore } from './spend-store.js';

const counters: SpendCounter[] = [{ scope: 'key:k', period: 'total' }, { scope: 'team:t', period: 'd:2026-11-28' }];

/**
 * 50 reservations of 0.3 at once against a budget of 1 on the team counter: exactly 3 fit (0.3, 0.6, 0.9; a fourth
 * would take the reservations to 1.2). Then 0.2 does not fit what is left, and 0.1 does.
 */
async function burst(store: SpendStore): Promise<number[]> {
  const results = await Promise.all(Array.from({ length: 50 }, () => store.reserve(counters, [undefined, 1], 0.3)));
  const tooLarge = await store.reserve(counters, [undefined, 1], 0.2);
  expect(tooLarge.refused).toBe(1);
  expect(tooLarge.spent).toHaveLength(2);
  expect(tooLarge.spent[1]).toBeCloseTo(0.9, 9);
  expect((await store.reserve(counters, [undefined, 1], 0.1)).refused).toBe(-1);
  return results.map((result) => result.refused);
}

describe('spend stores reserve atomically', () => {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());

  it('Redis: one script checks and reserves, so a burst cannot all pass the check before any reservation lands', async () => {
    const prefix = `test-spend-${randomUUID()}:`;
    const store = new RedisSpendStore(redis, prefix, () => undefined);
    const results = await burst(store);
    expect(results.filter((r) => r === -1)).toHaveLength(3);
    expect(results.filter((r) => r === 1)).toHaveLength(47);
    const [key, team] = await store.get(counters);
    expect(team).toBeCloseTo(1, 9);
    expect(key).toBeCloseTo(1, 9);
    expect((await store.reserve(counters, [undefined, 1], 0)).refused).toBe(1); // spent: even a free request waits
    expect(await redis.ttl(`${prefix}spend:team:t:d:2026-11-28`)).toBeGreaterThan(86_400);
    expect(await redis.ttl(`${prefix}spend:key:k:total`)).toBe(-1);
  });

  it('the database store (no Redis): the check and the reservation are one synchronous step on this replica', async () => {
    const unreachable = { selectFrom: () => { throw new Error('no database in this test'); } } as unknown as Db;
    const store = new DatabaseSpendStore(unreachable, 1000);
    const results = await burst(store);
    expect(results.filter((r) => r === -1)).toHaveLength(3);
    expect((await store.get(counters))[1]).toBeCloseTo(1, 9);
  });
});

describe('the database store reads the counters again when a flush lands during its read', () => {
  /** A database whose counter reads answer only when the test says, with the value it gives. */
  function slowDatabase(): { db: Db; reads: number; answer: (usd: number) => void } {
    const waiting: ((rows: unknown[]) => void)[] = [];
    const fake = {
      reads: 0,
      answer: (usd: number) => waiting.shift()!([{ scope: 'key:k', period: 'total', spend_usd: String(usd) }]),
      db: {
        selectFrom: () => ({
          select: () => ({
            where: () => ({
              execute: () => {
                fake.reads += 1;
                return new Promise<unknown[]>((resolve) => waiting.push(resolve));
              },
            }),
          }),
        }),
      } as unknown as Db,
    };
    return fake;
  }

  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  }

  it('a read that began before the flush committed is not kept: the spend flushed meanwhile still counts', async () => {
    const database = slowDatabase();
    const store = new DatabaseSpendStore(database.db, 60_000);
    const key: SpendCounter[] = [{ scope: 'key:k', period: 'total' }];
    store.add(key, 0.25);
    const read = store.get(key);
    await until(() => database.reads === 1);
    // The usage flush: takes the pending 0.25, writes it (the stored value becomes 1.25), commits.
    const pending = store.takePending();
    store.written(pending.keys());
    database.answer(1); // the first read saw the value from before that commit
    await until(() => database.reads === 2);
    database.answer(1.25);
    expect(await read).toEqual([1.25]);
    expect(await store.get(key)).toEqual([1.25]); // cached now: no third read
    expect(database.reads).toBe(2);
  });
});
