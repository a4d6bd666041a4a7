import { describe, expect, it } from '@jest/globals';
import type { Db } from '../db/database.js';
import { PostgresResponseStore } from './postgres-response-store.js';

describe('PostgresResponseStore', () => {
  it('treats an id with a NUL character as unknown without asking the database (which refuses such text)', async () => {
    // Any query would throw here: this store has no database to ask.
    const store = new PostgresResponseStore({} as Db, 60_000);
    await expect(store.get('key', 'resp_\u0000abc')).resolves.toBeUndefined();
    await expect(store.delete('key', 'resp_\u0000abc')).resolves.toBe(false);
  });
});
