import type { Selectable } from 'kysely';
import type { ApiKeysTable, AuditTable, TeamsTable } from '../../db/schema.js';

function budgetView(maxUsd: string | null, period: string | null): { max_usd: number; period: string } | null {
  return maxUsd !== null && period !== null ? { max_usd: Number(maxUsd), period } : null;
}

/** A key as the admin API shows it: everything but the secret and its digests. */
export function keyView(row: Selectable<ApiKeysTable>, spendUsd?: number): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    team_id: row.team_id,
    models: row.models,
    rate_limit: row.rate_per_minute !== null && row.rate_burst !== null ? { per_minute: row.rate_per_minute, burst: row.rate_burst } : null,
    budget: budgetView(row.budget_max_usd, row.budget_period),
    expires_at: row.expires_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
    previous_valid_until: row.previous_valid_until?.toISOString() ?? null,
    metadata: row.metadata,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ...(spendUsd !== undefined && { spend_usd: spendUsd }),
  };
}

export function teamView(row: Selectable<TeamsTable>, spendUsd?: number): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    models: row.models,
    budget: budgetView(row.budget_max_usd, row.budget_period),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ...(spendUsd !== undefined && { spend_usd: spendUsd }),
  };
}

export function auditView(row: Selectable<AuditTable>): Record<string, unknown> {
  return {
    id: Number(row.id),
    actor: row.actor,
    action: row.action,
    target_id: row.target_id,
    address: row.address,
    details: row.details,
    created_at: row.created_at.toISOString(),
  };
}
