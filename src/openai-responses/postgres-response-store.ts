import type { Db } from '../db/database.js';
import type { InputItem } from './input-items.mapping.js';
import type { ResponseObject } from './response-object.js';
import type { ResponseStore, StoredResponse } from './response-store.js';

/** How often expired rows are deleted (at most once per this long, on a save). */
const PURGE_EVERY_MS = 60_000;

/**
 * An id PostgreSQL's text cannot hold (a NUL character) was never stored: it is unknown like any other, without a
 * query that the database would refuse (a 500 for a client's `previous_response_id`, GET or DELETE otherwise).
 */
const storable = (id: string): boolean => !id.includes('\u0000');

/**
 * Responses in PostgreSQL (table `responses`, migration 0002), kept for the TTL: shared by every replica and kept
 * across restarts. Expired rows are never read and are deleted in the background of a later save.
 */
export class PostgresResponseStore implements ResponseStore {
  readonly description = 'PostgreSQL';
  private lastPurge = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async save(entry: StoredResponse): Promise<void> {
    const expires = new Date(this.now() + this.ttlMs);
    const row = { owner: entry.owner, conversation: JSON.stringify(entry.conversation), response: JSON.stringify(entry.response), expires_at: expires };
    await this.db
      .insertInto('responses')
      .values({ id: entry.id, ...row })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(row))
      .execute();
    this.purgeSometimes();
  }

  async get(owner: string, id: string): Promise<StoredResponse | undefined> {
    if (!storable(id)) return undefined;
    const row = await this.db
      .selectFrom('responses')
      .select(['id', 'owner', 'conversation', 'response'])
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where('expires_at', '>', new Date(this.now()))
      .executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, owner: row.owner, conversation: row.conversation as InputItem[], response: row.response as unknown as ResponseObject };
  }

  async delete(owner: string, id: string): Promise<boolean> {
    if (!storable(id)) return false;
    const result = await this.db.deleteFrom('responses').where('id', '=', id).where('owner', '=', owner).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  private purgeSometimes(): void {
    const now = this.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    // Best effort: a failed purge is retried by a later save; reads never return expired rows anyway.
    void this.db.deleteFrom('responses').where('expires_at', '<=', new Date(now)).execute().catch(() => undefined);
  }
}
