import type { BudgetPeriod } from '../db/schema.js';
import type { KeyLimits } from '../rate-limit/rate-limit-config.js';

/** One budget that applies to a key: its own, or its team's. */
export interface Budget {
  scope: 'key' | 'team';
  /** The key's or the team's id. */
  id: string;
  maxUsd: number;
  period: BudgetPeriod;
}

/**
 * What the gateway needs to admit a request made with a managed key, as cached in memory: never the secret.
 * `models` is already the intersection of the key's and its team's lists (null: every model).
 */
export interface ManagedKey {
  id: string;
  name: string;
  teamId: string | null;
  models: readonly string[] | null;
  rateLimit?: KeyLimits;
  budgets: readonly Budget[];
  expiresAt: Date | null;
}

/** The models both lists allow; null where neither restricts. */
export function allowedModels(key: readonly string[] | null, team: readonly string[] | null): string[] | null {
  if (key === null) return team === null ? null : [...team];
  return team === null ? [...key] : key.filter((id) => team.includes(id));
}
