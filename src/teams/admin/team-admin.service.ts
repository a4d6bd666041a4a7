import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ApiError } from '../../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import { newId } from '../key-secret.js';
import { ManagedKeys } from '../managed-keys.service.js';
import { TeamsDatabase } from '../teams-database.js';
import { adminContext, checkModels, isUniqueViolation, notFound, type AdminContext } from './admin-context.js';
import type { AdminRequest } from './admin-authenticator.js';
import { writeAudit } from './audit.js';
import type { CreateTeamDto, UpdateTeamDto } from './dto/team.dto.js';
import { teamView } from './views.js';

const nameTaken = (name: string): ApiError => new ApiError(409, `A team named '${name.slice(0, 64)}' already exists.`, 'conflict', 'name');

/** Teams: their models and budget apply to every key in them. Every change is audited in its transaction. */
@Injectable()
export class TeamAdmin {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly database: TeamsDatabase,
    private readonly keys: ManagedKeys,
  ) {}

  async create(dto: CreateTeamDto, request: AdminRequest): Promise<Record<string, unknown>> {
    checkModels(this.config, dto.models);
    const who = adminContext(request);
    try {
      const row = await this.database.required().transaction().execute(async (trx) => {
        const team = await trx
          .insertInto('teams')
          .values({ id: newId('team'), name: dto.name, models: JSON.stringify(dto.models ?? null), budget_max_usd: dto.budget?.max_usd ?? null, budget_period: dto.budget?.period ?? null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeAudit(trx, { ...who, action: 'team.create', targetId: team.id, details: { name: dto.name, models: dto.models ?? null, budget: dto.budget ?? null } });
        return team;
      });
      return teamView(row);
    } catch (error) {
      throw isUniqueViolation(error) ? nameTaken(dto.name) : error;
    }
  }

  async list(): Promise<Record<string, unknown>[]> {
    const rows = await this.database.required().selectFrom('teams').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => teamView(row));
  }

  async update(id: string, dto: UpdateTeamDto, request: AdminRequest): Promise<Record<string, unknown>> {
    checkModels(this.config, dto.models);
    const changes = {
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.models !== undefined && { models: JSON.stringify(dto.models) }),
      ...(dto.budget !== undefined && { budget_max_usd: dto.budget?.max_usd ?? null, budget_period: dto.budget?.period ?? null }),
    };
    const row = await this.change(id, request, 'team.update', dto as Record<string, unknown>, async (trx) =>
      trx.updateTable('teams').set({ ...changes, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst(),
    ).catch((error: unknown) => {
      throw isUniqueViolation(error) ? nameTaken(dto.name ?? '') : error;
    });
    await this.keys.changed({ teamId: id });
    return teamView(row);
  }

  /** Refused (409) while unrevoked keys belong to the team: removing it would lift their team's restrictions. */
  async remove(id: string, request: AdminRequest): Promise<void> {
    await this.change(id, request, 'team.delete', {}, async (trx) => {
      const active = await trx.selectFrom('api_keys').select('id').where('team_id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (active) throw new ApiError(409, `Team '${id}' still has keys (for example ${active.id}): revoke or move them first.`, 'conflict', 'id');
      await trx.updateTable('api_keys').set({ team_id: null }).where('team_id', '=', id).execute();
      return trx.deleteFrom('teams').where('id', '=', id).returningAll().executeTakeFirst();
    });
    await this.keys.changed({ teamId: id });
  }

  private async change<T>(id: string, request: AdminRequest, action: string, details: Record<string, unknown>, work: (trx: Transaction<Database>) => Promise<T | undefined>): Promise<T> {
    const who: AdminContext = adminContext(request);
    return this.database.required().transaction().execute(async (trx) => {
      const row = await work(trx);
      if (row === undefined) throw notFound('team', id);
      await writeAudit(trx, { ...who, action, targetId: id, details });
      return row;
    });
  }
}
