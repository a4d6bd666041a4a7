import type { Insertable } from 'kysely';
import type { UsageTable } from '../db/schema.js';

/** One completed request's usage, as the usage table stores it. */
export type UsageRow = Omit<Insertable<UsageTable>, 'id' | 'created_at'> & { created_at: Date };

/**
 * Usage rows waiting to be written, bounded: while the database is down rows accumulate up to `max`; past it,
 * new rows are dropped and counted (a metric, and one log line per overflow episode via onOverflow).
 */
export class UsageBuffer {
  private rows: UsageRow[] = [];
  private droppedTotal = 0;
  private overflowing = false;

  constructor(
    private readonly max: number,
    private readonly onOverflow: (max: number) => void = () => undefined,
  ) {}

  push(row: UsageRow): boolean {
    if (this.rows.length >= this.max) {
      this.droppedTotal += 1;
      if (!this.overflowing) this.onOverflow(this.max);
      this.overflowing = true;
      return false;
    }
    this.rows.push(row);
    return true;
  }

  /** Up to `count` of the oldest rows, removed from the buffer (give them back with restore() if the write fails). */
  take(count: number): UsageRow[] {
    const batch = this.rows.slice(0, count);
    this.rows = this.rows.slice(batch.length);
    if (this.rows.length < this.max) this.overflowing = false;
    return batch;
  }

  /** Puts a batch that could not be written back in front, keeping the bound (newest rows past it are dropped). */
  restore(batch: readonly UsageRow[]): void {
    const merged = [...batch, ...this.rows];
    this.droppedTotal += Math.max(0, merged.length - this.max);
    this.rows = merged.slice(0, this.max);
  }

  get size(): number {
    return this.rows.length;
  }

  get dropped(): number {
    return this.droppedTotal;
  }
}
