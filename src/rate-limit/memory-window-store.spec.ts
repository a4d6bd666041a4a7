import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryWindowStore } from './memory-window-store.js';
import type { WindowSpec } from './window-store.js';

/** A store on a clock the test moves (microseconds). */
function storeAt(start = 1_000_000): { store: MemoryWindowStore; advanceMs: (ms: number) => void } {
  let now = start;
  return { store: new MemoryWindowStore(() => now), advanceMs: (ms) => (now += ms * 1000) };
}

const window = (windowMs: number, limit: number, name = `w${windowMs}`): WindowSpec => ({ name, windowMs, limit });

describe('MemoryWindowStore', () => {
  let store: MemoryWindowStore | undefined;
  afterEach(async () => store?.close());

  it('gives the exact sliding-log answer with a limit of 100000 (a ring of the last admissions)', async () => {
    const clock = storeAt();
    store = clock.store;
    const minute = window(60_000, 100_000);
    // 100000 admissions spread over the first 50 s: 2000 per second.
    for (let second = 0; second < 50; second++) {
      const result = await store.admit({ key: 'k', windows: [minute], hits: 2000 });
      expect(result.admitted).toBe(2000);
      clock.advanceMs(1000);
    }
    // Full: refused, and the refusal records nothing.
    expect(await store.admit({ key: 'k', windows: [minute], hits: 1 })).toEqual({ admitted: 0, windows: [{ count: 100_000, freeInMs: 10_000 }] });
    expect(await store.hit('k', [minute])).toMatchObject({ allowed: false, windows: [{ count: 100_000 }] });
    // At 60 s the first second's 2000 entries leave the window: exactly 2000 slots, then full again.
    clock.advanceMs(10_000);
    expect((await store.admit({ key: 'k', windows: [minute], hits: 2500 })).admitted).toBe(2000);
    expect((await store.hit('k', [minute], false)).windows[0]).toEqual({ count: 100_000, freeInMs: 1000 });
    // One by one, as a client would: each later second frees its own 2000.
    clock.advanceMs(1000);
    let admitted = 0;
    for (let i = 0; i < 2100; i++) if ((await store.hit('k', [minute])).allowed) admitted++;
    expect(admitted).toBe(2000);
  });

  it('admits a batch only as far as every window has room, recording nothing past it', async () => {
    store = storeAt().store;
    const windows = [window(1000, 10, 'burst'), window(60_000, 60, 'per-minute')];
    const first = await store.admit({ key: 'k', windows, hits: 12 });
    expect(first.admitted).toBe(10);
    expect(first.windows.map((usage) => usage.count)).toEqual([10, 10]);
    expect((await store.admit({ key: 'k', windows, hits: 1 })).admitted).toBe(0);
  });

  it('checks the gate first and records nothing while it is full', async () => {
    const clock = storeAt();
    store = clock.store;
    const failures = window(60_000, 2, 'failed-authentication');
    for (let i = 0; i < 3; i++) await store.admit({ key: 'ip', windows: [failures], hits: 1 });
    const windows = [window(1000, 10)];
    const gated = await store.admit({ gate: { key: 'ip', window: failures }, key: 'k', windows, hits: 1 });
    expect(gated).toEqual({ gated: { count: 2, freeInMs: 60_000 }, admitted: 0, windows: [] });
    expect((await store.hit('k', windows, false)).windows[0]!.count).toBe(0);
    clock.advanceMs(60_000);
    expect((await store.admit({ gate: { key: 'ip', window: failures }, key: 'k', windows, hits: 1 })).admitted).toBe(1);
  });

  it('looks at a key it never recorded as empty, keeping nothing for it; a gate with no room still refuses', async () => {
    store = storeAt().store;
    const logs = (store as unknown as { logs: Map<string, unknown> }).logs;
    const windows = [window(1000, 10, 'burst'), window(60_000, 60, 'per-minute')];
    expect(await store.admit({ key: 'never', windows, hits: 0 })).toEqual({ admitted: 0, windows: [{ count: 0, freeInMs: 0 }, { count: 0, freeInMs: 0 }] });
    const open = await store.admit({ gate: { key: 'ip', window: window(60_000, 3, 'failed-authentication') }, key: 'k', windows, hits: 1 });
    expect(open).toMatchObject({ admitted: 1, windows: [{ count: 1 }, { count: 1 }] });
    expect([...logs.keys()]).toEqual(['k']);
    const closed = await store.admit({ gate: { key: 'ip', window: window(60_000, 0, 'failed-authentication') }, key: 'k', windows, hits: 1 });
    expect(closed).toEqual({ gated: { count: 0, freeInMs: 0 }, admitted: 0, windows: [] });
  });

  it('keeps entries for the key horizon when a request checks only the shorter window', async () => {
    const clock = storeAt();
    store = clock.store;
    const burst = window(1000, 100, 'burst');
    const minute = window(60_000, 3, 'per-minute');
    await store.admit({ key: 'k', windows: [burst, minute], hits: 2 });
    clock.advanceMs(2000);
    // A route that skips the per-minute window still counts, and must not forget the older entries.
    expect((await store.admit({ key: 'k', windows: [burst], hits: 1, horizonMs: 60_000 })).admitted).toBe(1);
    expect((await store.admit({ key: 'k', windows: [burst, minute], hits: 1 })).admitted).toBe(0);
  });

  it('keeps a busy key\'s entries for its longest window only, whatever its limit', async () => {
    const clock = storeAt();
    store = clock.store;
    const minute = window(60_000, 1_000_000_000);
    // Three minutes at 500 admissions a second under a limit no client reaches.
    for (let ms = 0; ms < 180_000; ms += 2) {
      await store.admit({ key: 'k', windows: [minute], hits: 1 });
      clock.advanceMs(2);
    }
    const log = (store as unknown as { logs: Map<string, { kept: number; slots: number }> }).logs.get('k')!;
    expect(log.kept).toBe(30_000);
    expect(log.slots).toBe(32_768);
    // 2 ms after the last admission, the one at exactly a minute before has left the window; the next leaves in 2 ms.
    expect((await store.hit('k', [minute], false)).windows[0]).toEqual({ count: 29_999, freeInMs: 2 });
  });

  it('forgets idle keys: memory stays bounded by the keys active within their longest window', async () => {
    const clock = storeAt();
    store = clock.store;
    for (let i = 0; i < 1000; i++) await store.admit({ key: `k${i}`, windows: [window(1000, 5)], hits: 1 });
    const logs = (store as unknown as { logs: Map<string, unknown> }).logs;
    expect(logs.size).toBe(1000);
    clock.advanceMs(1001);
    (store as unknown as { sweep(): void }).sweep();
    expect(logs.size).toBe(0);
  });
});
