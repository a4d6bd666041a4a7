import { describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import type { BudgetHold } from './budget-hold.js';
import { DeferredAdmission } from './deferred-admission.js';
import { admittedBeforeError, registerPendingAdmission } from './reserves-budget.js';

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

  it('in flight: answers when the store did, makes no hold, and keeps a refusal that came first for admit() to throw', async () => {
    let answer: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (answer = resolve));
    const admission = DeferredAdmission.inFlight(sent);
    let settled = false;
    const admitted = admission.admit({}).then((held) => ((settled = true), held));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    answer();
    expect(await admitted).toBe('separate');
    await expect(admission.admit()).rejects.toThrow('ran twice');

    // A refusal before anyone awaits: handled at once (no unhandled rejection), thrown by admit() later.
    class Watched<T> extends Promise<T> {
      handled = false;
      override then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
        this.handled = true;
        return super.then(onFulfilled, onRejected);
      }
    }
    const refusal = Watched.reject(limited) as Watched<never>;
    const early = DeferredAdmission.inFlight(refusal);
    expect(refusal.handled).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(early.pending).toBe(true);
    await expect(early.admit()).rejects.toBe(limited);
  });
});

describe('a request that never reached its reservation (a @ReservesBudget route) is admitted on its way out', () => {
  const requestOf = (admission?: DeferredAdmission): FastifyRequest => ({ client: { keyId: 'k', admission } }) as unknown as FastifyRequest;

  it('an error: admitted first, the error stands; refused by the limits, the 429 takes its place; nothing pending, nothing to wait for', async () => {
    const invalid = ApiError.invalid("Invalid 'model' parameter.", 'model');
    const admitted = limiter(true);
    expect(await admittedBeforeError(requestOf(admitted.admission), invalid)).toBe(invalid);
    expect(admitted.holds).toEqual([undefined]);
    const refused = limiter(false);
    expect(await admittedBeforeError(requestOf(refused.admission), invalid)).toBe(limited);
    const reserved = limiter(true);
    await reserved.admission.admit({});
    expect(admittedBeforeError(requestOf(reserved.admission), invalid)).toBeUndefined();
    expect(admittedBeforeError(requestOf(undefined), invalid)).toBeUndefined();
  });

  it('an answer that never reserved is admitted before it leaves, and refused with the 429 past the limit', async () => {
    const server = Fastify();
    registerPendingAdmission(server);
    let admission: DeferredAdmission | undefined;
    server.addHook('onRequest', (request, _reply, done) => {
      (request as AuthenticatedRequest).client = { keyId: 'k', ...(admission && { admission }) };
      done();
    });
    server.get('/answer', async () => ({ ok: true }));
    server.setErrorHandler((error: { status?: number }, _request, reply) => reply.status(error.status ?? 500).send({ refused: error.status }));
    try {
      const unreserved = limiter(true);
      admission = unreserved.admission;
      expect((await server.inject('/answer')).json()).toEqual({ ok: true });
      expect(unreserved.holds).toHaveLength(1);
      admission = limiter(false).admission;
      const refused = await server.inject('/answer');
      expect([refused.statusCode, refused.json()]).toEqual([429, { refused: 429 }]);
      admission = undefined;
      expect((await server.inject('/answer')).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});
