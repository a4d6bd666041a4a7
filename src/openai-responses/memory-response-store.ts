import type { ResponseStore, StoredResponse } from './response-store.js';

interface Entry {
  value: StoredResponse;
  bytes: number;
  expiresAt: number;
}

/**
 * Responses in this process's memory, bounded by count and by size (JSON bytes) and kept for the TTL: beyond a
 * bound the oldest go first. A restart forgets them, and replicas do not share them (use PostgreSQL for that).
 */
export class MemoryResponseStore implements ResponseStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly limits: { maxResponses: number; maxBytes: number; ttlMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  get description(): string {
    return `memory (at most ${this.limits.maxResponses} responses, ${this.limits.maxBytes} bytes)`;
  }

  save(value: StoredResponse): Promise<void> {
    this.remove(value.id);
    const bytes = Buffer.byteLength(JSON.stringify(value));
    // One response larger than the whole bound is not kept (it would push out every other).
    if (bytes <= this.limits.maxBytes) {
      this.entries.set(value.id, { value, bytes, expiresAt: this.now() + this.limits.ttlMs });
      this.bytes += bytes;
    }
    this.evict();
    return Promise.resolve();
  }

  get(owner: string, id: string): Promise<StoredResponse | undefined> {
    const entry = this.entries.get(id);
    if (!entry || entry.value.owner !== owner) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.remove(id);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(entry.value);
  }

  async delete(owner: string, id: string): Promise<boolean> {
    if (!(await this.get(owner, id))) return false;
    this.remove(id);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }

  /** Oldest first (a Map keeps insertion order): expired ones, then as many as the bounds require. */
  private evict(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      const over = this.entries.size > this.limits.maxResponses || this.bytes > this.limits.maxBytes;
      if (!over && entry.expiresAt > now) break;
      this.remove(id);
    }
  }
}
