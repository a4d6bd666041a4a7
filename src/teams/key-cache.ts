import type { ManagedKey } from './managed-key.js';

interface Entry {
  key: ManagedKey;
  fetchedAt: number;
}

/**
 * Managed keys by digest (hex), so a known key costs no database round trip. An entry is fresh for `ttlMs`; a
 * stale one is still returned by stale() for when the database cannot be asked (an outage). Invalidation by key
 * or team id (an admin change, here or on another replica through Redis) removes entries at once. Bounded: past
 * `maxEntries`, the oldest entry goes.
 */
export class KeyCache {
  private readonly byDigest = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  fresh(digest: string): ManagedKey | undefined {
    const entry = this.byDigest.get(digest);
    return entry && this.clock() - entry.fetchedAt < this.ttlMs ? entry.key : undefined;
  }

  stale(digest: string): ManagedKey | undefined {
    return this.byDigest.get(digest)?.key;
  }

  set(digest: string, key: ManagedKey): void {
    this.byDigest.delete(digest);
    this.byDigest.set(digest, { key, fetchedAt: this.clock() });
    if (this.byDigest.size > this.maxEntries) this.byDigest.delete(this.byDigest.keys().next().value as string);
  }

  delete(digest: string): void {
    this.byDigest.delete(digest);
  }

  /** Drops every entry of a key (all its digests) or of a team's keys; returns how many went. */
  invalidate(target: { keyId?: string; teamId?: string }): number {
    let removed = 0;
    for (const [digest, { key }] of this.byDigest) {
      if ((target.keyId !== undefined && key.id === target.keyId) || (target.teamId !== undefined && key.teamId === target.teamId)) {
        this.byDigest.delete(digest);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): number {
    return this.byDigest.size;
  }
}
