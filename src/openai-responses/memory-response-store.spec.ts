import { describe, expect, it } from '@jest/globals';
import { MemoryResponseStore } from './memory-response-store.js';
import type { ResponseObject } from './response-object.js';
import type { StoredResponse } from './response-store.js';

const entry = (id: string, owner = 'key_a', text = 'x'): StoredResponse => ({ id, owner, conversation: [{ role: 'user', content: text }], response: { id } as ResponseObject });

describe('the in-memory response store', () => {
  it('returns a response only to its owner, and deletes it only for its owner', async () => {
    const store = new MemoryResponseStore({ maxResponses: 10, maxBytes: 10_000, ttlMs: 1000 });
    await store.save(entry('resp_1'));
    await expect(store.get('key_a', 'resp_1')).resolves.toMatchObject({ id: 'resp_1' });
    await expect(store.get('key_b', 'resp_1')).resolves.toBeUndefined();
    await expect(store.delete('key_b', 'resp_1')).resolves.toBe(false);
    await expect(store.delete('key_a', 'resp_1')).resolves.toBe(true);
    await expect(store.get('key_a', 'resp_1')).resolves.toBeUndefined();
  });

  it('drops the oldest beyond its count', async () => {
    const store = new MemoryResponseStore({ maxResponses: 2, maxBytes: 10_000, ttlMs: 1000 });
    for (const id of ['resp_1', 'resp_2', 'resp_3']) await store.save(entry(id));
    expect(store.size).toBe(2);
    await expect(store.get('key_a', 'resp_1')).resolves.toBeUndefined();
    await expect(store.get('key_a', 'resp_3')).resolves.toBeDefined();
  });

  it('drops the oldest beyond its bytes, and never keeps one larger than the whole bound', async () => {
    const store = new MemoryResponseStore({ maxResponses: 100, maxBytes: 300, ttlMs: 1000 });
    await store.save(entry('resp_1', 'key_a', 'a'.repeat(100)));
    await store.save(entry('resp_2', 'key_a', 'b'.repeat(100)));
    await store.save(entry('resp_big', 'key_a', 'c'.repeat(400)));
    await expect(store.get('key_a', 'resp_big')).resolves.toBeUndefined();
    await expect(store.get('key_a', 'resp_2')).resolves.toBeDefined();
    await expect(store.get('key_a', 'resp_1')).resolves.toBeUndefined();
  });

  it('forgets a response after its time', async () => {
    let now = 0;
    const store = new MemoryResponseStore({ maxResponses: 10, maxBytes: 10_000, ttlMs: 1000 }, () => now);
    await store.save(entry('resp_1'));
    now = 999;
    await expect(store.get('key_a', 'resp_1')).resolves.toBeDefined();
    now = 1000;
    await expect(store.get('key_a', 'resp_1')).resolves.toBeUndefined();
    expect(store.size).toBe(0);
  });
});
