import type { Db } from '../db/database.js';
import type { BudgetPeriod } from '../db/schema.js';
import { allowedModels, type Budget, type ManagedKey } from './managed-key.js';

function budget(scope: Budget['scope'], id: string | null, maxUsd: string | null, period: BudgetPeriod | null): Budget[] {
  return id !== null && maxUsd !== null && period !== null ? [{ scope, id, maxUsd: Number(maxUsd), period }] : [];
}

/**
 * The usable key with this digest (current, or the previous one within its rotation grace), with its team's
 * restrictions folded in; null when there is none (unknown, revoked or expired). Throws when the database fails.
 */
export async function findKeyByDigest(db: Db, digest: Buffer, now = new Date()): Promise<ManagedKey | null> {
  const row = await db
    .selectFrom('api_keys as k')
    .leftJoin('teams as t', 't.id', 'k.team_id')
    .select([
      'k.id', 'k.name', 'k.team_id', 'k.models', 'k.rate_per_minute', 'k.rate_burst', 'k.budget_max_usd', 'k.budget_period', 'k.expires_at',
      't.models as team_models', 't.budget_max_usd as team_budget', 't.budget_period as team_period',
    ])
    .where((eb) => eb.or([eb('k.digest', '=', digest), eb.and([eb('k.previous_digest', '=', digest), eb('k.previous_valid_until', '>', now)])]))
    .where('k.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    teamId: row.team_id,
    models: allowedModels(row.models, row.team_models ?? null),
    rateLimit: row.rate_per_minute !== null && row.rate_burst !== null ? { perMinute: row.rate_per_minute, burst: row.rate_burst } : undefined,
    budgets: [...budget('key', row.id, row.budget_max_usd, row.budget_period), ...budget('team', row.team_id, row.team_budget ?? null, row.team_period ?? null)],
    expiresAt: row.expires_at,
  };
}
