import { describe, expect, it } from '@jest/globals';
import { UsageBuffer, type UsageRow } from './usage-buffer.js';

const row = (n: number): UsageRow => ({ request_id: `r${n}`, key_id: 'key_a', team_id: null, model: 'gpt-4o', prompt_tokens: n, completion_tokens: 0, cost_usd: 0, created_at: new Date(0) });

describe('UsageBuffer', () => {
  it('hands out rows oldest first, in batches', () => {
    const buffer = new UsageBuffer(10);
    for (let n = 1; n <= 5; n += 1) buffer.push(row(n));
    expect(buffer.take(3).map((r) => r.request_id)).toEqual(['r1', 'r2', 'r3']);
    expect(buffer.size).toBe(2);
  });

  it('is bounded: past max, rows are dropped and counted, with one overflow notice per episode', () => {
    const notices: number[] = [];
    const buffer = new UsageBuffer(2, (max) => notices.push(max));
    expect([buffer.push(row(1)), buffer.push(row(2)), buffer.push(row(3)), buffer.push(row(4))]).toEqual([true, true, false, false]);
    expect(buffer.dropped).toBe(2);
    expect(notices).toEqual([2]);
    buffer.take(1);
    buffer.push(row(5));
    buffer.push(row(6));
    expect(notices).toEqual([2, 2]);
  });

  it('a batch that failed to write goes back in front, within the bound', () => {
    const buffer = new UsageBuffer(3);
    [1, 2].forEach((n) => buffer.push(row(n)));
    const batch = buffer.take(2);
    [3, 4].forEach((n) => buffer.push(row(n)));
    buffer.restore(batch);
    expect(buffer.take(10).map((r) => r.request_id)).toEqual(['r1', 'r2', 'r3']);
    expect(buffer.dropped).toBe(1);
  });
});
