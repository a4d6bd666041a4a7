import { sql, type Kysely, type Migration } from 'kysely';

/** Teams, managed keys, usage rows, the spend counters budgets read without Redis, and the admin audit trail. */
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('models', 'jsonb')
      .addColumn('budget_max_usd', 'numeric(18, 6)')
      .addColumn('budget_period', 'text', (c) => c.check(sql`budget_period in ('day', 'month', 'total')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .addColumn('digest', 'bytea', (c) => c.notNull().unique())
      .addColumn('previous_digest', 'bytea', (c) => c.unique())
      .addColumn('previous_valid_until', 'timestamptz')
      .addColumn('models', 'jsonb')
      .addColumn('rate_per_minute', 'integer')
      .addColumn('rate_burst', 'integer')
      .addColumn('budget_max_usd', 'numeric(18, 6)')
      .addColumn('budget_period', 'text', (c) => c.check(sql`budget_period in ('day', 'month', 'total')`))
      .addColumn('expires_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('last_used_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('api_keys_team_idx').on('api_keys').column('team_id').execute();
    await db.schema
      .createTable('usage')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull().unique())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
      .addColumn('completion_tokens', 'integer', (c) => c.notNull())
      .addColumn('cost_usd', 'numeric(18, 9)', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('usage_created_idx').on('usage').column('created_at').execute();
    await db.schema.createIndex('usage_key_created_idx').on('usage').columns(['key_id', 'created_at']).execute();
    await db.schema
      .createTable('spend_counters')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('spend_usd', 'numeric(18, 9)', (c) => c.notNull())
      .addPrimaryKeyConstraint('spend_counters_pk', ['scope', 'period'])
      .execute();
    await db.schema
      .createTable('audit')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text')
      .addColumn('address', 'text')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('audit_created_idx').on('audit').column('created_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['audit', 'spend_counters', 'usage', 'api_keys', 'teams']) await db.schema.dropTable(table).execute();
  },
};
