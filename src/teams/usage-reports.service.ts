import { Injectable } from '@nestjs/common';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { periodWindow } from './budget-period.js';
import { budgetCounter } from './key-policy.service.js';
import { TeamsDatabase } from './teams-database.js';
import { UsageRecorder } from './usage-recorder.service.js';

export const GROUPS = ['key', 'team', 'model', 'day'] as const;
export type UsageGroup = (typeof GROUPS)[number];

const GROUP_COLUMN = { key: 'key_id', team: 'team_id', model: 'model' } as const;

/** Usage read back from the usage table (written in batches: a second or so behind), and the caller's own budget. */
@Injectable()
export class UsageReports {
  constructor(
    private readonly database: TeamsDatabase,
    private readonly usage: UsageRecorder,
  ) {}

  /** Rows with requests, prompt_tokens, completion_tokens, cost_usd and the grouping field, for [from, to). */
  async report(group: UsageGroup, from?: Date, to?: Date): Promise<Record<string, unknown>[]> {
    const db = this.database.required();
    // kysely is imported by a process with a database only (TeamsDatabase.open); by then this costs a lookup.
    const { sql } = await import('kysely');
    const groupExpr = group === 'day' ? sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')` : sql<string>`${sql.ref(GROUP_COLUMN[group])}`;
    let query = db
      .selectFrom('usage')
      .select([
        groupExpr.as('grouping'),
        sql<string>`count(*)`.as('requests'),
        sql<string>`coalesce(sum(prompt_tokens), 0)`.as('prompt_tokens'),
        sql<string>`coalesce(sum(completion_tokens), 0)`.as('completion_tokens'),
        sql<string>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
      ])
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    if (from) query = query.where('created_at', '>=', from);
    if (to) query = query.where('created_at', '<', to);
    const field = group === 'day' ? 'day' : `${group}_id`.replace('model_id', 'model');
    return (await query.execute()).map((row) => ({
      [field]: row.grouping,
      requests: Number(row.requests),
      prompt_tokens: Number(row.prompt_tokens),
      completion_tokens: Number(row.completion_tokens),
      cost_usd: Number(row.cost_usd),
    }));
  }

  /** GET /v1/usage: the caller's key in its budget's period (the month without one). */
  async own(client: ClientIdentity, now = new Date()): Promise<Record<string, unknown>> {
    const key = client.managed!;
    const budget = key.budgets.find((b) => b.scope === 'key');
    const period = budget?.period ?? 'month';
    const window = periodWindow(period, now);
    const [spend] = await this.usage.spend.get([budgetCounter({ scope: 'key', id: key.id, period }, now)]);
    const { sql } = await import('kysely');
    let query = this.database
      .required()
      .selectFrom('usage')
      .select([sql<string>`count(*)`.as('requests'), sql<string>`coalesce(sum(prompt_tokens), 0)`.as('prompt'), sql<string>`coalesce(sum(completion_tokens), 0)`.as('completion')])
      .where('key_id', '=', key.id);
    if (window.start) query = query.where('created_at', '>=', window.start);
    const totals = await query.executeTakeFirstOrThrow();
    const spendUsd = spend ?? 0;
    return {
      key_id: key.id,
      team_id: key.teamId,
      period,
      period_start: window.start?.toISOString() ?? null,
      resets_at: window.resetsAt?.toISOString() ?? null,
      spend_usd: spendUsd,
      budget_usd: budget?.maxUsd ?? null,
      remaining_usd: budget ? Math.max(0, Math.round((budget.maxUsd - spendUsd) * 1e9) / 1e9) : null,
      requests: Number(totals.requests),
      prompt_tokens: Number(totals.prompt),
      completion_tokens: Number(totals.completion),
    };
  }
}
