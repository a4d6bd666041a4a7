import { describe, expect, it } from '@jest/globals';
import type { UsageRow } from './usage-buffer.js';
import { isDataError, writeSkippingBadRows } from './usage-batch.js';

const row = (id: string, prompt = 1): UsageRow => ({ request_id: id, key_id: 'k', team_id: null, model: 'm', prompt_tokens: prompt, completion_tokens: 0, cost_usd: 0, created_at: new Date(0) });
const pgError = (code: string): Error => Object.assign(new Error(`pg ${code}`), { code });

/** A database that refuses any write containing a fractional token count, as PostgreSQL's integer column does. */
function database(): { written: string[][]; write: (rows: readonly UsageRow[]) => Promise<void> } {
  const written: string[][] = [];
  return {
    written,
    write: async (rows) => {
      if (rows.some((r) => !Number.isInteger(r.prompt_tokens))) throw pgError('22P02');
      written.push(rows.map((r) => r.request_id));
    },
  };
}

describe('writeSkippingBadRows', () => {
  it('writes the good rows of a batch the database refused for one bad row, and parks that row', async () => {
    const db = database();
    const parked: [string, string][] = [];
    await writeSkippingBadRows([row('a'), row('bad', 1.5), row('c')], db.write, (r, e) => parked.push([r.request_id, e.message]));
    expect(parked).toEqual([['bad', 'pg 22P02']]);
    expect(db.written.at(-1)).toEqual(['a', 'c']);
  });

  it('keeps throwing connection failures (the caller keeps the batch for the next try)', async () => {
    const refused = pgError('08006');
    await expect(writeSkippingBadRows([row('a')], () => Promise.reject(refused), () => undefined)).rejects.toBe(refused);
  });

  it('tells data errors (classes 22 and 23) from the rest', () => {
    expect([pgError('22003'), pgError('23505'), pgError('22P02')].map(isDataError)).toEqual([true, true, true]);
    expect([pgError('08006'), pgError('ECONNREFUSED'), pgError('57P01'), new Error('x')].map(isDataError)).toEqual([false, false, false, false]);
  });
});
