import { describe, expect, it } from '@jest/globals';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { KeyPolicy, spendCounters } from './key-policy.service.js';
import { allowedModels, type ManagedKey } from './managed-key.js';
import type { ModelEntry } from '../config/model-entry.js';
import { maximumCost, NO_RESERVATION } from './budget-reservation.js';
import type { ReserveOutcome, SpendCounter, SpendStore } from './spend-store.js';
import { DeferredAdmission } from '../rate-limit/deferred-admission.js';
import type { BudgetHold } from '../rate-limit/budget-hold.js';
import type { UsageRecorder } from './usage-recorder.service.js';
import type { UsageRow } from './usage-buffer.js';

const NOW = new Date('2026-11-28T20:00:00Z');

/** A recorder whose spend store is a map in memory (the stores' own atomicity is theirs to test). */
function fakeUsage(spent: Record<string, number>): { recorder: UsageRecorder; rows: UsageRow[]; added: [SpendCounter[], number][]; spent: Record<string, number> } {
  const rows: UsageRow[] = [];
  const added: [SpendCounter[], number][] = [];
  const name = (c: SpendCounter): string => `${c.scope}|${c.period}`;
  const add = (counters: readonly SpendCounter[], usd: number): void => {
    for (const c of counters) spent[name(c)] = (spent[name(c)] ?? 0) + usd;
  };
  const spend: SpendStore = {
    add: (counters, usd) => {
      added.push([[...counters], usd]);
      add(counters, usd);
    },
    get: async (counters) => counters.map((c) => spent[name(c)] ?? 0),
    reserve: async (counters, limits, usd) => reserveNow(counters, limits, usd),
    hold: (counters, limits, usd) => ({ local: { prepare: async () => undefined, take: () => reserveNow(counters, limits, usd) } }),
  };
  // The stores' rule (spend-store.spec.ts): room when the counter is below its limit and the reservation fits.
  const reserveNow = (counters: readonly SpendCounter[], limits: readonly (number | undefined)[], usd: number): ReserveOutcome => {
    const values = counters.map((c) => spent[name(c)] ?? 0);
    const refused = values.findIndex((value, i) => limits[i] !== undefined && (value >= limits[i]! || value + usd > limits[i]!));
    if (refused === -1) add(counters, usd);
    return { refused, spent: refused === -1 ? [] : values };
  };
  const recorder = { record: (row: UsageRow) => rows.push(row), spend } as unknown as UsageRecorder;
  return { recorder, rows, added, spent };
}

const GPT = { id: 'gpt-4o', input_cost_per_mtok: 2.5, output_cost_per_mtok: 10, max_output_tokens: 16384 } as ModelEntry;
const ask = (max_tokens?: number) => ({ messages: [{ role: 'user' as const, content: 'hi' }], max_tokens });

const key = (fields: Partial<ManagedKey> = {}): ClientIdentity => ({
  keyId: 'key_a',
  managed: { id: 'key_a', name: 'a', teamId: 'team_t', models: null, budgets: [], expiresAt: null, ...fields },
});

describe('KeyPolicy', () => {
  it('lets environment keys and unrestricted managed keys use every model', () => {
    const policy = new KeyPolicy(fakeUsage({}).recorder);
    expect(() => policy.assertModelAllowed({ keyId: 'abcd1234' }, 'claude')).not.toThrow();
    expect(policy.visibleModels(key(), [{ id: 'gpt-4o' }, { id: 'claude' }])).toHaveLength(2);
  });

  it('refuses a model outside the list with 403 permission_denied, and hides it', () => {
    const policy = new KeyPolicy(fakeUsage({}).recorder);
    const client = key({ models: ['gpt-4o'] });
    expect(() => policy.assertModelAllowed(client, 'claude')).toThrow(new ApiError(403, "This API key may not use model 'claude'.", 'permission_denied', 'model'));
    expect(policy.visibleModels(client, [{ id: 'gpt-4o' }, { id: 'claude' }])).toEqual([{ id: 'gpt-4o' }]);
  });

  it("intersects the key's and the team's model lists", () => {
    expect(allowedModels(['a', 'b'], ['b', 'c'])).toEqual(['b']);
    expect(allowedModels(null, ['c'])).toEqual(['c']);
    expect(allowedModels(['a'], null)).toEqual(['a']);
    expect(allowedModels(null, null)).toBeNull();
  });

  it("answers 429 budget_exceeded when the team's budget is spent, with Retry-After to the month's end", async () => {
    const policy = new KeyPolicy(fakeUsage({ 'team:team_t|m:2026-11': 10 }).recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 5, period: 'day' }, { scope: 'team', id: 'team_t', maxUsd: 10, period: 'month' }] });
    const refusal = await policy.reserve(client, GPT, ask(), NOW).catch((error: ApiError) => error);
    expect(refusal).toMatchObject({ status: 429, type: 'budget_exceeded', headers: { 'Retry-After': String(2 * 86_400 + 4 * 3600) } });
    expect((refusal as ApiError).message).toBe("This API key's team has spent its budget of $10 for the month; it resets at 2026-12-01T00:00:00.000Z.");
    await expect(policy.reserve(key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 5, period: 'day' }] }), GPT, ask(), NOW)).resolves.toBeDefined();
  });

  it("reserves the request's maximum cost at admission and settles the difference with the actual cost", async () => {
    const usage = fakeUsage({});
    const policy = new KeyPolicy(usage.recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 1, period: 'day' }] });
    const reservation = await policy.reserve(client, GPT, ask(1000), NOW);
    expect(reservation.usd).toBe(maximumCost(GPT, ask(1000)));
    expect(reservation.usd).toBeCloseTo(0.01 + 2.5e-6 * Math.ceil(JSON.stringify(ask().messages).length / 4), 9);
    expect(usage.spent['key:key_a|d:2026-11-28']).toBe(reservation.usd);
    policy.recordUsage(client, GPT, { prompt_tokens: 10, completion_tokens: 100, total_tokens: 110 }, 'cmpl-r', reservation, false, NOW);
    policy.recordUsage(client, GPT, { prompt_tokens: 10, completion_tokens: 100, total_tokens: 110 }, 'cmpl-r', reservation, false, NOW);
    expect(usage.spent['key:key_a|d:2026-11-28']).toBeCloseTo(0.001025, 9); // settled once
    expect(usage.spent['team:team_t|m:2026-11']).toBeCloseTo(0.001025, 9);
  });

  it('a burst of 50 on a 1 USD budget: admitted only while reservations fit the budget, so spend stays within it', async () => {
    const usage = fakeUsage({});
    const policy = new KeyPolicy(usage.recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 1, period: 'total' }] });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => policy.reserve(client, GPT, ask(10_000), NOW)));
    const admitted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const each = maximumCost(GPT, ask(10_000));
    expect(admitted).toHaveLength(Math.floor(1 / each)); // 9 of the 50: a tenth reservation would not fit
    for (const [n, reservation] of admitted.entries()) {
      policy.recordUsage(client, GPT, { prompt_tokens: 2, completion_tokens: 10_000, total_tokens: 10_002 }, `cmpl-${n}`, reservation, false, NOW);
    }
    // The upstream counts fewer prompt tokens (2) than the estimate (8): the actual spend is within the budget.
    expect(usage.spent['key:key_a|total']).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as ApiError).type)).toEqual(Array(41).fill('budget_exceeded'));
  });

  it("refuses a request whose maximum cost does not fit what is left, naming the largest max_tokens that fits", async () => {
    const policy = new KeyPolicy(fakeUsage({ 'team:team_t|m:2026-11': 0.95 }).recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 5, period: 'day' }, { scope: 'team', id: 'team_t', maxUsd: 1, period: 'month' }] });
    // 8 prompt tokens estimated ($0.00002) and 16384 output tokens ($0.16384); $0.05 left fits 4998 output tokens.
    const refusal = await policy.reserve(client, GPT, ask(), NOW).catch((error: ApiError) => error);
    expect(refusal).toMatchObject({ status: 429, type: 'budget_exceeded', param: 'max_tokens', headers: {} });
    expect((refusal as ApiError).message).toBe(
      "This API key's team has $0.05 left of its budget of $1 for the month, and this request could cost up to $0.16386 " +
        "(the prompt estimate and 16384 output tokens at the model's prices). Send max_tokens of at most 4998 to fit.",
    );
    await expect(policy.reserve(client, GPT, ask(4999), NOW)).rejects.toMatchObject({ type: 'budget_exceeded' });
    expect((await policy.reserve(client, GPT, ask(4998), NOW)).usd).toBeCloseTo(0.05, 9); // exactly what was left
  });

  it('when not even one output token fits, says so, with Retry-After to the reset', async () => {
    const policy = new KeyPolicy(fakeUsage({ 'key:key_a|d:2026-11-28': 0.99999 }).recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 1, period: 'day' }] });
    const refusal = await policy.reserve(client, GPT, { ...ask(100), n: 2 }, NOW).catch((error: ApiError) => error);
    expect(refusal).toMatchObject({ status: 429, type: 'budget_exceeded', headers: { 'Retry-After': String(4 * 3600) } });
    expect((refusal as ApiError).message).toBe(
      "This API key has $0.00001 left of its budget of $1 for the day, and this request could cost up to $0.00202 " +
        "(the prompt estimate and 100 output tokens × 2 choices at the model's prices). No max_tokens fits; it resets at 2026-11-29T00:00:00.000Z.",
    );
  });

  it('an embedding (no output: max_tokens 0) that does not fit is told so, without max_tokens advice', async () => {
    const policy = new KeyPolicy(fakeUsage({ 'key:key_a|total': 0.99999 }).recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 1, period: 'total' }] });
    const embedding = { id: 'small', input_cost_per_mtok: 0.02, max_output_tokens: 0 } as ModelEntry;
    const input = { messages: [{ role: 'user' as const, content: 'x'.repeat(4000) }], max_tokens: 0 };
    const refusal = await policy.reserve(client, embedding, input, NOW).catch((error: ApiError) => error);
    expect(refusal).toMatchObject({ status: 429, type: 'budget_exceeded', param: null, headers: {} });
    expect((refusal as ApiError).message).toBe(
      "This API key has $0.00001 left of its budget of $1 for the whole life of the key, and this request could cost up to $0.00002 " +
        "(its input estimated at the model's prices). It does not fit; it does not reset (period: total).",
    );
  });

  it('fails open without a reservation when the spend store is away, then records the full cost', async () => {
    const usage = fakeUsage({});
    (usage.recorder.spend as { reserve: unknown }).reserve = async () => Promise.reject(new Error('Redis away'));
    const policy = new KeyPolicy(usage.recorder);
    const client = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 1, period: 'day' }] });
    const reservation = await policy.reserve(client, GPT, ask(), NOW);
    expect(reservation.usd).toBe(0);
    policy.recordUsage(client, GPT, { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 }, 'cmpl-o', reservation, false, NOW);
    expect(usage.spent['key:key_a|d:2026-11-28']).toBe(0.0125);
  });

  describe('with the rate-limit admission left to the reservation (one store operation)', () => {
    const budgeted = (admission: DeferredAdmission): ClientIdentity => ({ ...key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 1, period: 'day' }] }), admission });
    /** A limiter that admits (or refuses) and runs the hold it is given, as the window store does in its step. */
    const limiter = (allowed: boolean, ran: (BudgetHold | undefined)[]) => async (hold?: BudgetHold) => {
      ran.push(hold);
      if (!allowed) throw new ApiError(429, 'Rate limit exceeded for this API key.', 'rate_limit_error');
      return hold?.local ? { reserved: hold.local.take() } : {};
    };

    it('admits and reserves in the admission, never through the spend store on its own', async () => {
      const usage = fakeUsage({});
      (usage.recorder.spend as { reserve: unknown }).reserve = async () => Promise.reject(new Error('a second store operation'));
      const ran: (BudgetHold | undefined)[] = [];
      const admission = new DeferredAdmission(limiter(true, ran));
      const reservation = await new KeyPolicy(usage.recorder).reserve(budgeted(admission), GPT, ask(1000), NOW);
      expect(ran).toHaveLength(1);
      expect(admission.pending).toBe(false);
      expect(reservation.usd).toBe(maximumCost(GPT, ask(1000)));
      expect(usage.spent['key:key_a|d:2026-11-28']).toBe(reservation.usd);
    });

    it('a refusal by the limits is thrown first and reserves nothing; a budget refusal after an admission is budget_exceeded', async () => {
      const usage = fakeUsage({});
      const limited = new KeyPolicy(usage.recorder).reserve(budgeted(new DeferredAdmission(limiter(false, []))), GPT, ask(1000), NOW);
      await expect(limited).rejects.toMatchObject({ status: 429, type: 'rate_limit_error' });
      expect(usage.spent).toEqual({});
      const spent = fakeUsage({ 'key:key_a|d:2026-11-28': 1 });
      const refused = new KeyPolicy(spent.recorder).reserve(budgeted(new DeferredAdmission(limiter(true, []))), GPT, ask(1000), NOW);
      await expect(refused).rejects.toMatchObject({ status: 429, type: 'budget_exceeded' });
    });

    it('reserves on its own when the store made no hold, and fails open when the store was away', async () => {
      const usage = fakeUsage({});
      const separate = new DeferredAdmission(async () => ({}));
      expect((await new KeyPolicy(usage.recorder).reserve(budgeted(separate), GPT, ask(1000), NOW)).usd).toBe(maximumCost(GPT, ask(1000)));
      const away = new DeferredAdmission(async () => ({ unchecked: true as const }));
      expect((await new KeyPolicy(usage.recorder).reserve(budgeted(away), GPT, ask(1000), NOW)).usd).toBe(0);
      expect(usage.spent['key:key_a|d:2026-11-28']).toBe(maximumCost(GPT, ask(1000)));
    });
  });

  it('records usage priced at the serving model, to the key and team counters', async () => {
    const usage = fakeUsage({});
    new KeyPolicy(usage.recorder).recordUsage(key(), { id: 'gpt-4o', input_cost_per_mtok: 2.5, output_cost_per_mtok: 10 } as never, { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 }, 'cmpl-1', await new KeyPolicy(usage.recorder).reserve(key(), GPT, ask(), NOW), false, NOW);
    expect(usage.rows).toEqual([expect.objectContaining({ request_id: 'cmpl-1', key_id: 'key_a', team_id: 'team_t', model: 'gpt-4o', cost_usd: 0.0125 })]);
    expect(usage.added).toEqual([[spendCounters(key().managed!, NOW), 0.0125]]);
    expect(spendCounters(key().managed!, NOW)).toEqual([{ scope: 'key:key_a', period: 'm:2026-11' }, { scope: 'team:team_t', period: 'm:2026-11' }]);
  });

  it("counts each scope in its own budget's period: a team's monthly budget never in the key's daily window, and the reverse", () => {
    const dayKey = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 5, period: 'day' }, { scope: 'team', id: 'team_t', maxUsd: 10, period: 'month' }] }).managed!;
    expect(spendCounters(dayKey, NOW)).toEqual([{ scope: 'key:key_a', period: 'd:2026-11-28' }, { scope: 'team:team_t', period: 'm:2026-11' }]);
    const dayTeam = key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 5, period: 'month' }, { scope: 'team', id: 'team_t', maxUsd: 10, period: 'day' }] }).managed!;
    expect(spendCounters(dayTeam, NOW)).toEqual([{ scope: 'key:key_a', period: 'm:2026-11' }, { scope: 'team:team_t', period: 'd:2026-11-28' }]);
    const teamOnly = key({ budgets: [{ scope: 'team', id: 'team_t', maxUsd: 10, period: 'total' }] }).managed!;
    expect(spendCounters(teamOnly, NOW)).toEqual([{ scope: 'key:key_a', period: 'm:2026-11' }, { scope: 'team:team_t', period: 'total' }]);
  });

  it('records nothing for an environment key', () => {
    const usage = fakeUsage({});
    new KeyPolicy(usage.recorder).recordUsage({ keyId: 'abcd1234' }, { id: 'gpt-4o' } as never, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, 'cmpl-2', NO_RESERVATION);
    expect(usage.rows).toEqual([]);
  });
});
