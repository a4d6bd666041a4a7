import type { BudgetPeriod } from '../db/schema.js';

/** Where a budget's period starts and ends (UTC), and the name its spend counter is kept under. */
export interface PeriodWindow {
  /** `d:2026-11-28`, `m:2026-11` or `total`. */
  key: string;
  start?: Date;
  /** When the spend starts again from zero; none for `total`. */
  resetsAt?: Date;
}

export function periodWindow(period: BudgetPeriod, now: Date): PeriodWindow {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (period === 'day') {
    const start = new Date(Date.UTC(y, m, now.getUTCDate()));
    return { key: `d:${start.toISOString().slice(0, 10)}`, start, resetsAt: new Date(start.getTime() + 86_400_000) };
  }
  if (period === 'month') {
    const start = new Date(Date.UTC(y, m, 1));
    return { key: `m:${start.toISOString().slice(0, 7)}`, start, resetsAt: new Date(Date.UTC(y, m + 1, 1)) };
  }
  return { key: 'total' };
}

/** Whole seconds until the reset, at least 1 (the Retry-After value). */
export function secondsUntil(resetsAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
}
