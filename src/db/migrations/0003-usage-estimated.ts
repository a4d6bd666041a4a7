import type { Kysely, Migration } from 'kysely';

/** Usage rows whose tokens the gateway estimated (a stream that ended before the upstream reported usage). */
export const usageEstimated: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('usage').addColumn('estimated', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('usage').dropColumn('estimated').execute();
  },
};
