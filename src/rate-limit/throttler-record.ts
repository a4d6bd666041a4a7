import type { HitResult, ThrottlerRecord } from './window-store.js';

/**
 * The single-window answer in @nestjs/throttler's shape (its times are in whole seconds), for code that uses a
 * store through the plain ThrottlerStorage interface. Blocking lasts exactly until the window frees a slot.
 */
export function throttlerRecord(result: HitResult): ThrottlerRecord {
  const usage = result.windows[0]!;
  const freeIn = Math.ceil(usage.freeInMs / 1000);
  return {
    totalHits: result.allowed ? usage.count : usage.count + 1,
    timeToExpire: freeIn,
    isBlocked: !result.allowed,
    timeToBlockExpire: result.allowed ? 0 : Math.max(1, freeIn),
  };
}
