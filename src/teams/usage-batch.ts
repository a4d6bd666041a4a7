import { databaseErrorStatus } from './database-errors.interceptor.js';
import type { UsageRow } from './usage-buffer.js';

/** Data the database refuses (SQLSTATE class 22: data exception, 23: integrity violation), not an outage. */
export function isDataError(error: unknown): boolean {
  const status = databaseErrorStatus(error);
  return status === 400 || status === 409;
}

/**
 * Writes a batch with `write`; when the database refuses it for its data (not because it is away), each row is
 * tried alone (`probe`: the row only, nothing else the batch carries) to find the ones it refuses, which are handed
 * to `park` with their error, and the rest is written again (writes are idempotent by request id). Any other failure is thrown for the caller to retry later.
 */
export async function writeSkippingBadRows(
  batch: readonly UsageRow[],
  write: (rows: readonly UsageRow[], probe: boolean) => Promise<void>,
  park: (row: UsageRow, error: Error) => void,
): Promise<void> {
  try {
    await write(batch, false);
    return;
  } catch (error) {
    if (!isDataError(error) || batch.length === 0) throw error;
  }
  const good: UsageRow[] = [];
  for (const row of batch) {
    try {
      await write([row], true);
      good.push(row);
    } catch (error) {
      if (!isDataError(error)) throw error;
      park(row, error as Error);
    }
  }
  await write(good, false);
}
