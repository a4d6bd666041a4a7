import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of, throwError } from 'rxjs';
import { ApiError } from '../common/api-error.js';
import type { BudgetHold } from './budget-hold.js';
import { DeferredAdmission } from './deferred-admission.js';
import { AdmissionBeforeAnswer } from './reserves-budget.js';

const limited = new ApiError(429, 'Rate limit exceeded for this API key.', 'rate_limit_error');
/** A limiter that records what it was asked and admits or refuses. */
function limiter(allowed: boolean): { admission: DeferredAdmission; holds: (BudgetHold | undefined)[] } {
  const holds: (BudgetHold | undefined)[] = [];
  const admission = new DeferredAdmission(async (hold) => {
    holds.push(hold);
    if (!allowed) throw limited;
    return { reserved: hold ? { refused: -1, spent: [] } : undefined };
  });
  return { admission, holds };
}
const contextOf = (admission?: DeferredAdmission): ExecutionContext =>
  ({ switchToHttp: () => ({ getRequest: () => ({ client: { keyId: 'k', admission } }) }) }) as unknown as ExecutionContext;
const handler = (outcome: 'ok' | Error): CallHandler => ({ handle: () => (outcome === 'ok' ? of('answer') : throwError(() => outcome)) });

describe('DeferredAdmission', () => {
  it("runs once, answering the hold's outcome, or `separate` when it had none to make", async () => {
    const { admission, holds } = limiter(true);
    expect(admission.pending).toBe(true);
    expect(await admission.admit({ local: { prepare: async () => undefined, take: () => ({ refused: -1, spent: [] }) } })).toEqual({ refused: -1, spent: [] });
    expect(admission.pending).toBe(false);
    await expect(admission.admit()).rejects.toThrow('ran twice');
    expect(holds).toHaveLength(1);
    expect(await limiter(true).admission.admit()).toBe('separate');
  });

  it('answers `unchecked` when the store was away (fail open) and a hold was asked for', async () => {
    expect(await new DeferredAdmission(async () => ({ unchecked: true })).admit({})).toBe('unchecked');
  });
});

describe('AdmissionBeforeAnswer (the interceptor of @ReservesBudget routes)', () => {
  const interceptor = new AdmissionBeforeAnswer();

  it('an error before the reservation: admitted, the error stands; refused by the limits, the 429 takes its place', async () => {
    const invalid = ApiError.invalid("Invalid 'model' parameter.", 'model');
    const admitted = limiter(true);
    await expect(firstValueFrom(interceptor.intercept(contextOf(admitted.admission), handler(invalid)))).rejects.toBe(invalid);
    expect(admitted.holds).toEqual([undefined]);
    const refused = limiter(false);
    await expect(firstValueFrom(interceptor.intercept(contextOf(refused.admission), handler(invalid)))).rejects.toBe(limited);
  });

  it('an answer that never reserved is admitted before it goes out; one that reserved is left alone', async () => {
    const unreserved = limiter(true);
    expect(await firstValueFrom(interceptor.intercept(contextOf(unreserved.admission), handler('ok')))).toBe('answer');
    expect(unreserved.holds).toHaveLength(1);
    const reserved = limiter(true);
    await reserved.admission.admit({});
    const late = new Error('upstream failed');
    await expect(firstValueFrom(interceptor.intercept(contextOf(reserved.admission), handler(late)))).rejects.toBe(late);
    expect(await firstValueFrom(interceptor.intercept(contextOf(reserved.admission), handler('ok')))).toBe('answer');
    expect(reserved.holds).toHaveLength(1);
    expect(await firstValueFrom(interceptor.intercept(contextOf(undefined), handler('ok')))).toBe('answer');
  });
});
