import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { RedisWindowStore, WRITE_BATCH_MAX } from './redis-window-store.js';
import type { WindowSpec } from './window-store.js';

// What reaches the Redis connection when requests ask at once: how many scripts each write to the socket carries.
// Against the real redis-server on 127.0.0.1:6379, keys under a prefix unique to this run.
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-batch-${randomUUID()}:`;
const minute: WindowSpec = { name: 'per-minute', windowMs: 60_000, limit: 100 };

/** Scripts per write, in the order the socket was asked to write them. */
const writes: number[] = [];
const scriptsIn = (chunks: unknown[]): number => chunks.reduce<number>((n, chunk) => n + (String(chunk).match(/evalsha/gi)?.length ?? 0), 0);

/** Records every write the store's connection makes: a lone chunk (_write) or the chunks a cork held (_writev). */
function recordWrites(socket: Socket): void {
  const single = socket._write.bind(socket);
  const several = socket._writev!.bind(socket);
  socket._write = (chunk, encoding, callback) => {
    writes.push(scriptsIn([chunk]));
    single(chunk, encoding, callback);
  };
  socket._writev = (chunks, callback) => {
    writes.push(scriptsIn(chunks.map((c) => c.chunk)));
    several(chunks, callback);
  };
}

describe('RedisWindowStore: the scripts of concurrent requests on the wire', () => {
  const store = new RedisWindowStore({ url: REDIS_URL, keyPrefix: PREFIX, timeoutMs: 1000 });
  const admitOne = (key: string) => store.admit({ key, windows: [minute], hits: 1 });
  const connection = (): Redis => (store as unknown as { redis: Redis }).redis;

  beforeAll(async () => {
    if (!(await store.connect())) throw new Error(`no Redis at ${REDIS_URL}`);
    // The first script of a server may go as EVAL (NOSCRIPT); from here on every one is an EVALSHA.
    await admitOne(`warm:${randomUUID()}`);
    recordWrites(connection().stream as Socket);
  });
  beforeEach(() => {
    writes.length = 0;
  });
  afterAll(async () => {
    const keys = await connection().keys(`${PREFIX}*`);
    if (keys.length > 0) await connection().del(...keys);
    await store.close();
  });

  it('sends a lone script at once, in a write of its own', async () => {
    const answer = admitOne(`rl:${randomUUID()}`);
    expect(writes).toEqual([1]);
    expect(await answer).toMatchObject({ admitted: 1, windows: [{ count: 1 }] });
  });

  it('sends the scripts behind it in writes of at most WRITE_BATCH_MAX as they come, the rest at the check phase', async () => {
    expect(WRITE_BATCH_MAX).toBe(4);
    const key = `rl:${randomUUID()}`;
    const answers = Array.from({ length: 10 }, () => admitOne(key));
    // Before any reply: the first alone, then every full batch, none waiting for an earlier answer.
    expect(writes).toEqual([1, 4, 4]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([1, 4, 4, 1]);
    const results = await Promise.all(answers);
    expect(results.map((r) => r.windows[0]!.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('holds a script that comes after its batch left in a new batch, sent at its own check phase', async () => {
    const key = `rl:${randomUUID()}`;
    const first = [admitOne(key), admitOne(key), admitOne(key)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([1, 2]);
    // Still awaiting replies: the next script is held again, and leaves at its own check phase.
    const later = admitOne(key);
    expect(writes).toEqual([1, 2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([1, 2, 1]);
    expect((await Promise.all([...first, later])).map((r) => r.windows[0]!.count)).toEqual([1, 2, 3, 4]);
  });
});
