import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { DatabaseSpendStore, RedisSpendStore, type SpendCounter, type SpendStore } from './spend-store.js';

const counters: SpendCounter[] = [{ scope: 'key:k', period: 'total' }, { scope: 'team:t', period: 'd:2026-11-28' }];

/** 50 reservations of 0.3 at once against a budget of 1 on the team counter: exactly 4 may pass (0, 0.3, 0.6, 0.9). */
async function burst(store: SpendStore): Promise<number[]> {
  return Promise.all(Array.from({ length: 50 }, () => store.reserve(counters, [undefined, 1], 0.3)));
}

describe('spend stores reserve atomically', () => {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());

  it('Redis: one script checks and reserves, so a burst cannot all pass the check before any reservation lands', async () => {
    const prefix = `test-spend-${randomUUID()}:`;
    const store = new RedisSpendStore(redis, prefix, () => undefined);
    const results = await burst(store);
    expect(results.filter((r) => r === -1)).toHaveLength(4);
    expect(results.filter((r) => r === 1)).toHaveLength(46);
    const [key, team] = await store.get(counters);
    expect(team).toBeCloseTo(1.2, 9);
    expect(key).toBeCloseTo(1.2, 9);
    expect(await redis.ttl(`${prefix}spend:team:t:d:2026-11-28`)).toBeGreaterThan(86_400);
    expect(await redis.ttl(`${prefix}spend:key:k:total`)).toBe(-1);
  });

  it('the database store (no Redis): the check and the reservation are one synchronous step on this replica', async () => {
    const unreachable = { selectFrom: () => { throw new Error('no database in this test'); } } as unknown as Db;
    const store = new DatabaseSpendStore(unreachable, 1000);
    const results = await burst(store);
    expect(results.filter((r) => r === -1)).toHaveLength(4);
    expect((await store.get(counters))[1]).toBeCloseTo(1.2, 9);
  });
});
