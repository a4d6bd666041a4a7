import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { DatabaseSpendStore, RedisSpendStore, type SpendCounter, type SpendStore } from '../teams/spend-store.js';
import { MemoryWindowStore } from './memory-window-store.js';
import { RedisWindowStore } from './redis-window-store.js';
import type { SlidingWindowStore, WindowSpec } from './window-store.js';

// The admission and a budget reservation in one store step (BudgetHold), against both pairs of stores the gateway
// runs: Redis for both (the real redis-server on 127.0.0.1:6379, keys under a prefix unique to this run), and the
// in-process window store with the database spend store (its database unreachable: this replica's spend only).
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-hold-${randomUUID()}:`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const unreachable = { selectFrom: () => { throw new Error('no database in this test'); } } as unknown as Db;

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const pairs: Array<[string, () => Promise<{ limits: SlidingWindowStore; spend: SpendStore }>]> = [
  ['redis', async () => {
    const limits = new RedisWindowStore({ url: REDIS_URL, keyPrefix: PREFIX, timeoutMs: 1000 });
    if (!(await limits.connect())) throw new Error(`no Redis at ${REDIS_URL}`);
    return { limits, spend: new RedisSpendStore(redis, PREFIX, () => undefined) };
  }],
  ['memory + database', async () => ({ limits: new MemoryWindowStore(), spend: new DatabaseSpendStore(unreachable, 1000) })],
];

describe.each(pairs)('admission with a budget hold: %s', (_kind, create) => {
  let limits: SlidingWindowStore;
  let spend: SpendStore;
  const minute: WindowSpec = { name: 'per-minute', windowMs: 60_000, limit: 2 };
  const counters = (): SpendCounter[] => [{ scope: `key:${randomUUID()}`, period: 'total' }, { scope: `team:${randomUUID()}`, period: 'd:2026-11-28' }];
  const gate = { key: `authfail:${randomUUID()}`, window: { name: 'failed-authentication', windowMs: 60_000, limit: 1 } };

  beforeAll(async () => ({ limits, spend } = await create()));
  afterAll(() => limits.close());

  it('runs the form of the hold its store can', () => {
    const hold = spend.hold(counters(), [undefined, 1], 0.25);
    expect(limits.runs(hold)).toBe(true);
  });

  it('admits and reserves in one step: the window counts the request, the counters hold the amount', async () => {
    const [key, c] = [`rl:${randomUUID()}`, counters()];
    const result = await limits.admit({ gate, key, windows: [minute], hits: 1, hold: spend.hold(c, [undefined, 1], 0.25) });
    expect(result).toMatchObject({ admitted: 1, windows: [{ count: 1 }], reserved: { refused: -1, spent: [] } });
    expect(result.windows[0]!.freeInMs).toBeGreaterThan(59_000);
    expect(await spend.get(c)).toEqual([0.25, 0.25]);
  });

  it('a refusal by the windows reserves nothing; a refusal by the gate looks at nothing else', async () => {
    const [key, c] = [`rl:${randomUUID()}`, counters()];
    for (let i = 0; i < 2; i++) await limits.admit({ key, windows: [minute], hits: 1 });
    const limited = await limits.admit({ key, windows: [minute], hits: 1, hold: spend.hold(c, [undefined, 1], 0.25) });
    expect(limited).toMatchObject({ admitted: 0, windows: [{ count: 2 }] });
    expect(limited.reserved).toBeUndefined();
    await limits.admit({ key: gate.key, windows: [gate.window], hits: 1 });
    const gated = await limits.admit({ gate, key: `rl:${randomUUID()}`, windows: [minute], hits: 1, hold: spend.hold(c, [undefined, 1], 0.25) });
    expect(gated).toMatchObject({ gated: { count: 1 }, admitted: 0 });
    expect(gated.reserved).toBeUndefined();
    expect(await spend.get(c)).toEqual([0, 0]);
  });

  it("a refusal by the budget names the counter and every value, and keeps the request's admission (docs/teams.md)", async () => {
    const [key, c] = [`rl:${randomUUID()}`, counters()];
    expect((await limits.admit({ key, windows: [minute], hits: 1, hold: spend.hold(c, [undefined, 1], 0.75) })).reserved).toEqual({ refused: -1, spent: [] });
    const refused = await limits.admit({ key, windows: [minute], hits: 1, hold: spend.hold(c, [undefined, 1], 0.5) });
    expect(refused).toMatchObject({ admitted: 1, windows: [{ count: 2 }], reserved: { refused: 1 } });
    expect(refused.reserved!.spent.map((value) => Math.round(value * 1e9) / 1e9)).toEqual([0.75, 0.75]);
    expect(await spend.get(c)).toEqual([0.75, 0.75]);
  });

  it('is atomic under concurrency: a burst admits only what both the window and the budget have room for', async () => {
    const [key, c] = [`rl:${randomUUID()}`, counters()];
    const windows = [{ ...minute, limit: 10 }];
    const results = await Promise.all(Array.from({ length: 30 }, () => limits.admit({ key, windows, hits: 1, hold: spend.hold(c, [undefined, 1], 0.3) })));
    expect(results.filter((r) => r.admitted === 1)).toHaveLength(10);
    expect(results.filter((r) => r.reserved?.refused === -1)).toHaveLength(3);
    expect((await spend.get(c))[1]).toBeCloseTo(0.9, 9);
  });
});
