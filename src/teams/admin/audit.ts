import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** One admin action as the audit trail records it: ids and changed fields, never a secret or a digest. */
export interface AuditEntry {
  actor: string;
  action: string;
  targetId: string | null;
  address: string;
  details?: Record<string, unknown>;
}

/** Written in the same transaction as the change it describes: no change without its audit row. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit')
    .values({ actor: entry.actor, action: entry.action, target_id: entry.targetId, address: entry.address, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}
