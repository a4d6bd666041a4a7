import type { BudgetHold, ReserveOutcome } from './budget-hold.js';

/**
 * What a deferred admission found about the budget hold: its answer; `unchecked` when the store was away and the
 * request was admitted without looking (RATE_LIMIT_FAIL_MODE=open: nothing reserved, as a spend store away is
 * fail-open); `separate` when no hold was made (none given, or a store that cannot run it): reserve on your own.
 */
export type HoldAnswer = ReserveOutcome | 'unchecked' | 'separate';

/**
 * A request's rate-limit admission, left by KeyThrottlerGuard to the moment its budget is reserved (KeyPolicy), so
 * the limit check and the reservation are one store operation: one Redis round trip (docs/teams.md). It runs once:
 * with the reservation, or without it when the request fails (or ends) before reaching it (admittedBeforeError,
 * PendingAdmissionHook), so a request past its limit is still answered 429 rather than the later error, as when the guard
 * admitted it. `run` sets the rate-limit headers and throws the 429 (or 503) of a refusal. With a remote store, a
 * request that reserves no budget has its admission sent at once and awaited there (`inFlight`).
 */
export class DeferredAdmission {
  private ran = false;

  constructor(
    private readonly run: (hold?: BudgetHold) => Promise<{ reserved?: ReserveOutcome; unchecked?: true }>,
    private readonly sent?: Promise<unknown>,
  ) {}

  /**
   * An admission already sent to the store, whose answer is awaited only where the request would reserve: the
   * round trip overlaps the validation and mapping in between (docs/rate-limiting.md). It takes no budget hold
   * (`admit(hold)` answers 'separate'). A refusal that arrives before anyone awaits it is kept, not reported as
   * an unhandled rejection: `admit()` throws it.
   */
  static inFlight(admission: Promise<unknown>): DeferredAdmission {
    admission.catch(() => undefined);
    return new DeferredAdmission(() => Promise.resolve({}), admission);
  }

  get pending(): boolean {
    return !this.ran;
  }

  async admit(hold?: BudgetHold): Promise<HoldAnswer> {
    if (this.ran) throw new Error('a deferred admission ran twice');
    this.ran = true;
    if (this.sent !== undefined) {
      await this.sent;
      return 'separate';
    }
    const result = await this.run(hold);
    if (result.reserved) return result.reserved;
    return result.unchecked && hold ? 'unchecked' : 'separate';
  }
}
