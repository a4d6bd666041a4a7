import type { ColumnType, Generated } from 'kysely';

/** A budget period: the UTC day, the UTC month, or the key's (team's) whole life. */
export type BudgetPeriod = 'day' | 'month' | 'total';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TeamsTable {
  id: string;
  name: string;
  /** Model ids the team's keys may use; null: every model. */
  models: Json<string[] | null> | null;
  budget_max_usd: ColumnType<string | null, number | null | undefined, number | null>;
  budget_period: BudgetPeriod | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  team_id: string | null;
  /** SHA-256 of the secret: the secret itself is never stored. */
  digest: Buffer;
  /** The digest replaced by the last rotation, valid until previous_valid_until. */
  previous_digest: Buffer | null;
  previous_valid_until: Date | null;
  models: Json<string[] | null> | null;
  rate_per_minute: number | null;
  rate_burst: number | null;
  budget_max_usd: ColumnType<string | null, number | null | undefined, number | null>;
  budget_period: BudgetPeriod | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  metadata: Json<Record<string, unknown>>;
  last_used_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsageTable {
  id: Generated<string>;
  /** The request id: writing a batch twice (a retry after a lost answer) adds nothing. */
  request_id: string;
  key_id: string;
  team_id: string | null;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: ColumnType<string, number, number>;
  /** The upstream never reported usage (a stream that ended early): the tokens are the gateway's estimate. */
  estimated: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface SpendCountersTable {
  /** `key:<id>` or `team:<id>`. */
  scope: string;
  /** The period's start as `d:2026-11-28`, `m:2026-11` or `total`. */
  period: string;
  spend_usd: ColumnType<string, number, number>;
}

export interface AuditTable {
  id: Generated<string>;
  /** The admin key's fingerprint (never the key). */
  actor: string;
  action: string;
  target_id: string | null;
  address: string | null;
  details: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

/** A stored Responses API response: the conversation's input items and the response object, as JSON. */
export interface ResponsesTable {
  id: string;
  owner: string;
  conversation: Json<unknown[]>;
  response: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Date;
}

export interface Database {
  teams: TeamsTable;
  api_keys: ApiKeysTable;
  usage: UsageTable;
  spend_counters: SpendCountersTable;
  audit: AuditTable;
  responses: ResponsesTable;
}
