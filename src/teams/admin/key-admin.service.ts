import { Inject, Injectable } from '@nestjs/common';
import type { Selectable, Transaction } from 'kysely';
import { ApiError } from '../../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import type { ApiKeysTable, Database } from '../../db/schema.js';
import { budgetCounter } from '../key-policy.service.js';
import { newId, newKeySecret } from '../key-secret.js';
import { ManagedKeys } from '../managed-keys.service.js';
import { TeamsDatabase } from '../teams-database.js';
import { UsageRecorder } from '../usage-recorder.service.js';
import { adminContext, checkModels, notFound } from './admin-context.js';
import type { AdminRequest } from './admin-authenticator.js';
import { writeAudit } from './audit.js';
import type { CreateKeyDto, RotateKeyDto, UpdateKeyDto } from './dto/key.dto.js';
import { keyView } from './views.js';

type KeyRow = Selectable<ApiKeysTable>;

/** The audit row's view of a change: the fields sent, never a secret. */
function auditedFields(dto: object): Record<string, unknown> {
  return { ...dto };
}

/**
 * Managed client keys. The secret is generated here, returned once (create, rotate) and stored only as its
 * SHA-256 digest. Every change is audited in its transaction and dropped from every replica's key cache.
 */
@Injectable()
export class KeyAdmin {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly database: TeamsDatabase,
    private readonly keys: ManagedKeys,
    private readonly usage: UsageRecorder,
  ) {}

  async create(dto: CreateKeyDto, request: AdminRequest): Promise<Record<string, unknown>> {
    checkModels(this.config, dto.models);
    const { secret, digest } = newKeySecret();
    const row = await this.database.required().transaction().execute(async (trx) => {
      await this.checkTeam(trx, dto.team_id);
      const key = await trx
        .insertInto('api_keys')
        .values({
          id: newId('key'),
          name: dto.name,
          team_id: dto.team_id ?? null,
          digest,
          models: JSON.stringify(dto.models ?? null),
          rate_per_minute: dto.rate_limit?.per_minute ?? null,
          rate_burst: dto.rate_limit?.burst ?? null,
          budget_max_usd: dto.budget?.max_usd ?? null,
          budget_period: dto.budget?.period ?? null,
          expires_at: dto.expires_at ? new Date(dto.expires_at) : null,
          metadata: JSON.stringify(dto.metadata ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, { ...adminContext(request), action: 'key.create', targetId: key.id, details: auditedFields(dto) });
      return key;
    });
    return { ...keyView(row, 0), key: secret };
  }

  async list(limit: number, offset: number): Promise<{ keys: Record<string, unknown>[]; next_offset: number | null }> {
    const rows = await this.database.required().selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').limit(limit + 1).offset(offset).execute();
    const page = rows.slice(0, limit);
    const spend = await this.spendOf(page);
    return { keys: page.map((row, index) => keyView(row, spend[index])), next_offset: rows.length > limit ? offset + limit : null };
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const row = await this.database.required().selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('key', id);
    return keyView(row, (await this.spendOf([row]))[0]);
  }

  async update(id: string, dto: UpdateKeyDto, request: AdminRequest): Promise<Record<string, unknown>> {
    checkModels(this.config, dto.models);
    const row = await this.change(id, request, 'key.update', auditedFields(dto), async (trx) => {
      if (dto.team_id) await this.checkTeam(trx, dto.team_id);
      return trx
        .updateTable('api_keys')
        .set({
          ...(dto.name !== undefined && { name: dto.name }),
          ...(dto.team_id !== undefined && { team_id: dto.team_id }),
          ...(dto.models !== undefined && { models: JSON.stringify(dto.models) }),
          ...(dto.rate_limit !== undefined && { rate_per_minute: dto.rate_limit?.per_minute ?? null, rate_burst: dto.rate_limit?.burst ?? null }),
          ...(dto.budget !== undefined && { budget_max_usd: dto.budget?.max_usd ?? null, budget_period: dto.budget?.period ?? null }),
          ...(dto.expires_at !== undefined && { expires_at: dto.expires_at === null ? null : new Date(dto.expires_at) }),
          ...(dto.metadata !== undefined && { metadata: JSON.stringify(dto.metadata ?? {}) }),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    });
    return keyView(row, (await this.spendOf([row]))[0]);
  }

  /** A new secret; the old one keeps working for `grace_seconds` (none by default). */
  async rotate(id: string, dto: RotateKeyDto, request: AdminRequest): Promise<Record<string, unknown>> {
    const { secret, digest } = newKeySecret();
    const grace = dto.grace_seconds ?? 0;
    const row = await this.change(id, request, 'key.rotate', { grace_seconds: grace }, async (trx) => {
      const current = await trx.selectFrom('api_keys').select(['digest', 'revoked_at']).where('id', '=', id).executeTakeFirst();
      if (current?.revoked_at) throw new ApiError(409, `Key '${id}' is revoked: it cannot be rotated.`, 'conflict', 'id');
      return trx
        .updateTable('api_keys')
        .set({
          digest,
          previous_digest: grace > 0 ? current?.digest ?? null : null,
          previous_valid_until: grace > 0 ? new Date(Date.now() + grace * 1000) : null,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    });
    return { ...keyView(row), key: secret };
  }

  /** Revocation: refused everywhere at once (Redis pub/sub), or within KEY_CACHE_TTL_MS without Redis. */
  async revoke(id: string, request: AdminRequest): Promise<Record<string, unknown>> {
    const row = await this.change(id, request, 'key.revoke', {}, async (trx) =>
      trx.updateTable('api_keys').set({ revoked_at: new Date(), previous_digest: null, previous_valid_until: null, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst(),
    );
    return keyView(row);
  }

  private async change(id: string, request: AdminRequest, action: string, details: Record<string, unknown>, work: (trx: Transaction<Database>) => Promise<KeyRow | undefined>): Promise<KeyRow> {
    const row = await this.database.required().transaction().execute(async (trx) => {
      const changed = await work(trx);
      if (!changed) throw notFound('key', id);
      await writeAudit(trx, { ...adminContext(request), action, targetId: id, details });
      return changed;
    });
    await this.keys.changed({ keyId: id });
    return row;
  }

  private async checkTeam(trx: Transaction<Database>, teamId: string | null | undefined): Promise<void> {
    if (!teamId) return;
    const team = await trx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) throw ApiError.invalid(`No team with id '${teamId.slice(0, 64)}'.`, 'team_id');
  }

  /** This period's spend per key (its budget's period, else the month). */
  private spendOf(rows: readonly KeyRow[]): Promise<number[]> {
    const now = new Date();
    return this.usage.spend.get(rows.map((row) => budgetCounter({ scope: 'key', id: row.id, period: row.budget_period ?? 'month' }, now))).catch(() => rows.map(() => 0));
  }
}
