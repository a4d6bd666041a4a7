/** A new ring's slots. */
const MIN_SLOTS = 8;
/** Rings of up to this many slots (8 KB) are not worth shrinking: the default limits never reach it. */
const SHRINK_ABOVE = 1024;

/**
 * The admission times of one key, oldest first, in a ring that keeps only what can still count: at most the last
 * `capacity` of them (the largest limit asked about), and none older than the longest window (`forget`). That is
 * enough for the exact sliding-log answer: a hit is admitted only while every window holds fewer than its limit, so
 * no window ever holds more than the largest limit, and its entries are always among the newest ones. Each window
 * remembers where it starts (by absolute admission number); starts only move forward as the clock does, so a hit
 * costs O(1) amortised, whatever the limit, and the ring's memory follows the key's recent rate, not its limit.
 */
export class AdmissionLog {
  private times = new Float64Array(0);
  /** Ring index of the oldest kept entry. */
  private head = 0;
  private size = 0;
  /** Admissions ever recorded: the newest kept entry is number total - 1, the oldest total - size. */
  private total = 0;
  /** Per window length (µs), the number of the first admission inside it at the last look. */
  private readonly starts = new Map<number, number>();
  /** The longest window seen (µs): older entries can never count again. */
  horizon = 0;

  /** Entries kept. */
  get kept(): number {
    return this.size;
  }

  /** Slots the ring holds (8 bytes each). */
  get slots(): number {
    return this.times.length;
  }

  /** How many admissions fall inside (now - span, now], and the number of the first one. */
  inside(span: number, now: number): { count: number; first: number } {
    let first = Math.max(this.starts.get(span) ?? 0, this.total - this.size);
    while (first < this.total && this.at(first) <= now - span) first++;
    this.starts.set(span, first);
    return { count: this.total - first, first };
  }

  /** The time of admission number `n` (it must still be kept), or undefined past the newest. */
  timeOf(n: number): number | undefined {
    return n < this.total && n >= this.total - this.size ? this.at(n) : undefined;
  }

  /** Records an admission at `time` (not before the newest), keeping at most `capacity` entries. */
  push(time: number, capacity: number): void {
    if (this.size === this.times.length && this.size < capacity) this.resize(Math.min(capacity, Math.max(MIN_SLOTS, this.size * 2)));
    if (this.size === this.times.length) {
      // Full at capacity: the oldest entry can no longer count in any window.
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    this.times[(this.head + this.size) % this.times.length] = time;
    this.size++;
    this.total++;
  }

  /**
   * Drops the entries at or before `before` (now minus the horizon: no window counts them), and halves a large
   * ring while it is at most a quarter full, so a key that once ran at a high rate under a high limit gives the
   * memory back. O(1) amortised: each entry is dropped once, and a shrink copies at most a quarter of the slots.
   */
  forget(before: number): void {
    while (this.size > 0 && this.times[this.head]! <= before) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    let slots = this.times.length;
    while (slots > SHRINK_ABOVE && this.size <= slots / 4) slots = Math.floor(slots / 2);
    if (slots !== this.times.length) this.resize(slots);
  }

  /** The newest admission time, or undefined when none is kept. */
  newest(): number | undefined {
    return this.size === 0 ? undefined : this.at(this.total - 1);
  }

  private at(n: number): number {
    return this.times[(this.head + n - (this.total - this.size)) % this.times.length]!;
  }

  /** Moves the kept entries, oldest first, into a ring of `length` slots (at least `size`). */
  private resize(length: number): void {
    const next = new Float64Array(length);
    const tail = Math.min(this.size, this.times.length - this.head);
    next.set(this.times.subarray(this.head, this.head + tail));
    next.set(this.times.subarray(0, this.size - tail), tail);
    this.times = next;
    this.head = 0;
  }
}
