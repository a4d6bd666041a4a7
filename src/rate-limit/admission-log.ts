/**
 * The admission times of one key, oldest first, in a ring that keeps only the last `capacity` of them (the
 * largest limit asked about). That is enough for the exact sliding-log answer: a hit is admitted only while every
 * window holds fewer than its limit, so no window ever holds more than the largest limit, and its entries are
 * always among the newest ones. Each window remembers where it starts (by absolute admission number); starts only
 * move forward as the clock does, so a hit costs O(1) amortised, whatever the limit.
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
    if (this.size === this.times.length && this.size < capacity) this.grow(Math.min(capacity, Math.max(8, this.size * 2)));
    if (this.size === this.times.length) {
      // Full at capacity: the oldest entry can no longer count in any window.
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    this.times[(this.head + this.size) % this.times.length] = time;
    this.size++;
    this.total++;
  }

  /** The newest admission time, or undefined when none is kept. */
  newest(): number | undefined {
    return this.size === 0 ? undefined : this.at(this.total - 1);
  }

  private at(n: number): number {
    return this.times[(this.head + n - (this.total - this.size)) % this.times.length]!;
  }

  /** Grows the ring, oldest entry first: an O(size) copy, done O(log capacity) times in a key's life. */
  private grow(length: number): void {
    const next = new Float64Array(length);
    for (let i = 0; i < this.size; i++) next[i] = this.times[(this.head + i) % this.times.length]!;
    this.times = next;
    this.head = 0;
  }
}
