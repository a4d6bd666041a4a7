import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { MemoryWindowStore } from '../src/rate-limit/memory-window-store.js';
import { RedisWindowStore } from '../src/rate-limit/redis-window-store.js';
import type { SlidingWindowStore, WindowSpec } from '../src/rate-limit/window-store.js';

// One semantics suite, run against both stores: the in-process one and the Redis one (real redis-server on
// 127.0.0.1:6379, keys under a prefix unique to this run, deleted afterwards). Times are real, so windows are
// generous and every timing assertion keeps hundreds of milliseconds of margin.
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-rl-storage-${randomUUID()}:`;

const window = (windowMs: number, limit: number, name = `w${windowMs}`): WindowSpec => ({ name, windowMs, limit });

async function hits(store: SlidingWindowStore, key: string, windows: WindowSpec[], count: number): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let i = 0; i < count; i++) results.push((await store.hit(key, windows)).allowed);
  return results;
}

const stores: Array<[string, () => Promise<SlidingWindowStore>]> = [
  ['memory', async () => new MemoryWindowStore()],
  [
    'redis',
    async () => {
      const store = new RedisWindowStore({ url: REDIS_URL, keyPrefix: PREFIX, timeoutMs: 1000 });
      if (!(await store.connect())) throw new Error(`no Redis at ${REDIS_URL}`);
      return store;
    },
  ],
];

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe.each(stores)('sliding-window store: %s', (kind, create) => {
  let store: SlidingWindowStore;
  let otherStore: SlidingWindowStore;
  const key = (): string => `k-${randomUUID()}`;

  beforeAll(async () => {
    store = await create();
    otherStore = await create();
  });
  afterAll(async () => {
    await store.close();
    await otherStore.close();
  });

  it('admits exactly the limit back to back, then refuses without recording the refusals', async () => {
    const k = key();
    const windows = [window(30_000, 5)];
    expect(await hits(store, k, windows, 8)).toEqual([true, true, true, true, true, false, false, false]);
    const after = await store.hit(k, windows);
    expect(after.allowed).toBe(false);
    expect(after.windows[0]!.count).toBe(5);
  });

  it('counts admitted hits and reports remaining time on the store clock', async () => {
    const k = key();
    const first = await store.hit(k, [window(30_000, 3)]);
    expect(first).toEqual({ allowed: true, windows: [{ count: 1, freeInMs: expect.any(Number) }] });
    // The only entry frees its slot a whole window after it was added.
    expect(first.windows[0]!.freeInMs).toBeGreaterThan(29_000);
    expect(first.windows[0]!.freeInMs).toBeLessThanOrEqual(30_000);
  });

  it('enforces every window, and a refusal by one window spends nothing in the others', async () => {
    const k = key();
    const short = window(20_000, 2, 'short');
    const long = window(60_000, 3, 'long');
    expect(await hits(store, k, [short, long], 3)).toEqual([true, true, false]);
    const refusedByShort = await store.hit(k, [short, long]);
    expect(refusedByShort.windows.map((w) => w.count)).toEqual([2, 2]);

    const k2 = key();
    const wide = window(20_000, 5, 'wide');
    const tight = window(60_000, 2, 'tight');
    expect(await hits(store, k2, [wide, tight], 4)).toEqual([true, true, false, false]);
    const refusedByLong = await store.hit(k2, [wide, tight]);
    expect(refusedByLong.windows.map((w) => w.count)).toEqual([2, 2]);
  });

  it('keeps keys independent', async () => {
    const [a, b] = [key(), key()];
    const windows = [window(30_000, 2)];
    expect(await hits(store, a, windows, 3)).toEqual([true, true, false]);
    expect(await hits(store, b, windows, 3)).toEqual([true, true, false]);
  });

  it('only looks when asked not to record', async () => {
    const k = key();
    const windows = [window(30_000, 2)];
    for (let i = 0; i < 5; i++) expect((await store.hit(k, windows, false)).windows[0]!.count).toBe(0);
    expect(await hits(store, k, windows, 3)).toEqual([true, true, false]);
    expect(await store.hit(k, windows, false)).toMatchObject({ allowed: false, windows: [{ count: 2 }] });
  });

  it('rolls: a slot frees when its own entry leaves the window, not when a fixed window resets', async () => {
    const k = key();
    const windows = [window(4000, 2)];
    expect((await store.hit(k, windows)).allowed).toBe(true); // entry A at t0
    await sleep(2000);
    expect((await store.hit(k, windows)).allowed).toBe(true); // entry B at about t0 + 2 s
    const refused = await store.hit(k, windows);
    expect(refused.allowed).toBe(false);
    // The refusal names the moment A leaves (about 2 s away), not B's.
    expect(refused.windows[0]!.freeInMs).toBeGreaterThan(1000);
    expect(refused.windows[0]!.freeInMs).toBeLessThan(2100);
    await sleep(refused.windows[0]!.freeInMs + 300);
    // A has left, B has not (about 1.7 s to go): exactly one slot. A fixed window would have reset both.
    expect(await hits(store, k, windows, 2)).toEqual([true, false]);
  });

  it('gives an honest wait: refused just before it, admitted once it has passed', async () => {
    const k = key();
    const windows = [window(3000, 1)];
    await store.hit(k, windows);
    const refused = await store.hit(k, windows);
    expect(refused.allowed).toBe(false);
    const wait = refused.windows[0]!.freeInMs;
    expect(wait).toBeGreaterThan(2000);
    await sleep(wait - 600);
    expect((await store.hit(k, windows)).allowed).toBe(false);
    await sleep(700);
    expect((await store.hit(k, windows)).allowed).toBe(true);
  });

  it('is atomic under concurrency, also across two store instances sharing the key', async () => {
    const k = key();
    const windows = [window(60_000, 20), window(30_000, 1000)];
    const sharedStore = kind === 'redis' ? otherStore : store; // two memory stores do not share anything
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? store : sharedStore).hit(k, windows)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    expect((await store.hit(k, windows, false)).windows[0]!.count).toBe(20);
  });

  it('admits a batch as far as every window has room, in one operation, recording nothing past it', async () => {
    const k = key();
    const windows = [window(30_000, 9, 'burst'), window(60_000, 100, 'per-minute')];
    const batch = await store.admit({ key: k, windows, hits: 12 });
    expect(batch.admitted).toBe(9);
    expect(batch.windows.map((w) => w.count)).toEqual([9, 9]);
    expect(batch.windows[0]!.freeInMs).toBeGreaterThan(29_000);
    expect((await store.admit({ key: k, windows, hits: 1 })).admitted).toBe(0);
    expect((await store.hit(k, windows, false)).windows.map((w) => w.count)).toEqual([9, 9]);
  });

  it('looks at the gate first: while it is full nothing is recorded, with the time until it frees', async () => {
    const [gateKey, k] = [key(), key()];
    const gate = { key: gateKey, window: window(30_000, 2, 'failed-authentication') };
    const windows = [window(30_000, 5)];
    expect((await store.admit({ gate, key: k, windows, hits: 1 })).admitted).toBe(1);
    for (let i = 0; i < 3; i++) await store.admit({ key: gateKey, windows: [gate.window], hits: 1 });
    const gated = await store.admit({ gate, key: k, windows, hits: 1 });
    expect(gated).toEqual({ gated: { count: 2, freeInMs: expect.any(Number) }, admitted: 0, windows: [] });
    expect(gated.gated!.freeInMs).toBeGreaterThan(29_000);
    expect((await store.hit(k, windows, false)).windows[0]!.count).toBe(1);
    // Without windows only the gate is looked at.
    expect(await store.admit({ key: k, windows: [], hits: 0 })).toEqual({ admitted: 0, windows: [] });
  });

  it('keeps entries for the horizon asked, even when the windows checked are shorter', async () => {
    const k = key();
    const minute = window(30_000, 2, 'long');
    const short = window(500, 100, 'short');
    expect((await store.admit({ key: k, windows: [short, minute], hits: 1 })).admitted).toBe(1);
    await sleep(700);
    expect((await store.admit({ key: k, windows: [short], hits: 1, horizonMs: 30_000 })).admitted).toBe(1);
    expect((await store.admit({ key: k, windows: [short, minute], hits: 1 })).admitted).toBe(0);
  });

  it('serves @nestjs/throttler through ThrottlerStorage.increment', async () => {
    const k = key();
    const records = [];
    for (let i = 0; i < 3; i++) records.push(await store.increment(k, 30_000, 2, 30_000, 'default'));
    expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(records[2]!.timeToBlockExpire).toBeGreaterThanOrEqual(29);
    expect(records[2]!.timeToBlockExpire).toBeLessThanOrEqual(30);
  });
});
