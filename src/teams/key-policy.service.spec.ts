import { describe, expect, it } from '@jest/globals';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { KeyPolicy, spendCounters } from './key-policy.service.js';
import { allowedModels, type ManagedKey } from './managed-key.js';
import type { SpendCounter } from './spend-store.js';
import type { UsageRecorder } from './usage-recorder.service.js';
import type { UsageRow } from './usage-buffer.js';

const NOW = new Date('2026-11-28T20:00:00Z');

function fakeUsage(spent: Record<string, number>): { recorder: UsageRecorder; rows: UsageRow[]; added: [SpendCounter[], number][] } {
  const rows: UsageRow[] = [];
  const added: [SpendCounter[], number][] = [];
  const recorder = {
    record: (row: UsageRow) => rows.push(row),
    spend: {
      add: (counters: SpendCounter[], usd: number) => added.push([counters, usd]),
      get: async (counters: SpendCounter[]) => counters.map((c) => spent[`${c.scope}|${c.period}`] ?? 0),
    },
  } as unknown as UsageRecorder;
  return { recorder, rows, added };
}

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
    const refusal = await policy.assertWithinBudget(client, NOW).catch((error: ApiError) => error);
    expect(refusal).toMatchObject({ status: 429, type: 'budget_exceeded', headers: { 'Retry-After': String(2 * 86_400 + 4 * 3600) } });
    expect((refusal as ApiError).message).toBe("This API key's team has spent its budget of $10 for the month; it resets at 2026-12-01T00:00:00.000Z.");
    await expect(policy.assertWithinBudget(key({ budgets: [{ scope: 'key', id: 'key_a', maxUsd: 5, period: 'day' }] }), NOW)).resolves.toBeUndefined();
  });

  it("uses the spend read with the request's rate-limit check, and reads again when it was for other counters", async () => {
    const policy = new KeyPolicy(fakeUsage({ 'key:key_a|d:2026-11-28': 1 }).recorder);
    const budgets = [{ scope: 'key' as const, id: 'key_a', maxUsd: 5, period: 'day' as const }];
    const spentNow = { keys: ['spend:key:key_a:d:2026-11-28'], usd: [7] };
    const refusal = await policy.assertWithinBudget({ ...key({ budgets }), spend: spentNow }, NOW).catch((error: ApiError) => error);
    expect(refusal).toMatchObject({ status: 429, type: 'budget_exceeded' });
    const yesterday = { keys: ['spend:key:key_a:d:2026-11-27'], usd: [7] };
    await expect(policy.assertWithinBudget({ ...key({ budgets }), spend: yesterday }, NOW)).resolves.toBeUndefined();
  });

  it('records usage priced at the serving model, to the key and team counters', () => {
    const usage = fakeUsage({});
    new KeyPolicy(usage.recorder).recordUsage(key(), { id: 'gpt-4o', input_cost_per_mtok: 2.5, output_cost_per_mtok: 10 } as never, { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 }, 'cmpl-1', NOW);
    expect(usage.rows).toEqual([expect.objectContaining({ request_id: 'cmpl-1', key_id: 'key_a', team_id: 'team_t', model: 'gpt-4o', cost_usd: 0.0125 })]);
    expect(usage.added).toEqual([[spendCounters(key().managed!, NOW), 0.0125]]);
    expect(spendCounters(key().managed!, NOW)).toEqual([{ scope: 'key:key_a', period: 'm:2026-11' }, { scope: 'team:team_t', period: 'm:2026-11' }]);
  });

  it('records nothing for an environment key', () => {
    const usage = fakeUsage({});
    new KeyPolicy(usage.recorder).recordUsage({ keyId: 'abcd1234' }, { id: 'gpt-4o' } as never, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, 'cmpl-2');
    expect(usage.rows).toEqual([]);
  });
});
