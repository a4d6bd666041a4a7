import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { BudgetDto, PERIODS, RateLimitDto } from './limits.dto.js';

// What the admin API and GET /v1/usage answer inside `data`, for the OpenAPI document only: the bodies are built
// by views.ts and usage-reports.service.ts, and test/swagger-responses.e2e-spec.ts validates real answers against
// these schemas (every field documented, none missing).

const TIME = { type: String, format: 'date-time' } as const;

@ApiSchema({ name: 'ManagedKey' })
export class ManagedKeyDto {
  @ApiProperty({ example: 'key_7Hq2mR0bXc1P' }) id!: string;
  @ApiProperty({ example: 'alice laptop' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) team_id!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'Model ids the key may use (null: all its team allows).' }) models!: string[] | null;
  @ApiProperty({ type: RateLimitDto, nullable: true, description: "null: the gateway's defaults." }) rate_limit!: RateLimitDto | null;
  @ApiProperty({ type: BudgetDto, nullable: true }) budget!: BudgetDto | null;
  @ApiProperty({ ...TIME, nullable: true }) expires_at!: string | null;
  @ApiProperty({ ...TIME, nullable: true }) revoked_at!: string | null;
  @ApiProperty({ ...TIME, nullable: true, description: 'Until when the secret before the last rotation still works.' }) previous_valid_until!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Free-form labels.' }) metadata!: Record<string, unknown>;
  @ApiProperty({ ...TIME, nullable: true }) last_used_at!: string | null;
  @ApiProperty(TIME) created_at!: string;
  @ApiProperty(TIME) updated_at!: string;
  @ApiPropertyOptional({ description: "This budget period's spend in USD (on reads, not after a rotation or revocation)." }) spend_usd?: number;
}

@ApiSchema({ name: 'IssuedKey' })
export class IssuedKeyDto extends ManagedKeyDto {
  @ApiProperty({ description: 'The secret: shown this once, never again.', example: 'sk-gw-…' }) key!: string;
}

@ApiSchema({ name: 'ManagedKeyPage' })
export class ManagedKeyPageDto {
  @ApiProperty({ type: [ManagedKeyDto] }) keys!: ManagedKeyDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'The offset of the next page; null on the last.' }) next_offset!: number | null;
}

@ApiSchema({ name: 'Team' })
export class TeamDto {
  @ApiProperty({ example: 'team_3kq9x0Yb2LmA' }) id!: string;
  @ApiProperty({ example: 'research' }) name!: string;
  @ApiProperty({ type: [String], nullable: true }) models!: string[] | null;
  @ApiProperty({ type: BudgetDto, nullable: true }) budget!: BudgetDto | null;
  @ApiProperty(TIME) created_at!: string;
  @ApiProperty(TIME) updated_at!: string;
  @ApiPropertyOptional() spend_usd?: number;
}

@ApiSchema({ name: 'TeamList' })
export class TeamListDto {
  @ApiProperty({ type: [TeamDto] }) teams!: TeamDto[];
}

@ApiSchema({ name: 'TeamDeleted' })
export class TeamDeletedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: [true] }) deleted!: boolean;
}

@ApiSchema({ name: 'UsageRow' })
export class UsageRowDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'With group_by=key.' }) key_id?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'With group_by=team.' }) team_id?: string | null;
  @ApiPropertyOptional({ description: 'With group_by=model.' }) model?: string;
  @ApiPropertyOptional({ description: 'With group_by=day (UTC, YYYY-MM-DD).' }) day?: string;
  @ApiProperty() requests!: number;
  @ApiProperty() prompt_tokens!: number;
  @ApiProperty() completion_tokens!: number;
  @ApiProperty() cost_usd!: number;
}

@ApiSchema({ name: 'UsageReport' })
export class UsageReportDto {
  @ApiProperty({ enum: ['key', 'team', 'model', 'day'] }) group_by!: string;
  @ApiProperty({ type: [UsageRowDto] }) rows!: UsageRowDto[];
}

@ApiSchema({ name: 'AuditEntry' })
export class AuditEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ description: "The admin key's fingerprint." }) actor!: string;
  @ApiProperty({ example: 'key.create' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) target_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed.' }) details!: Record<string, unknown>;
  @ApiProperty(TIME) created_at!: string;
}

@ApiSchema({ name: 'AuditLog' })
export class AuditLogDto {
  @ApiProperty({ type: [AuditEntryDto] }) entries!: AuditEntryDto[];
}

@ApiSchema({ name: 'OwnUsage' })
export class OwnUsageDto {
  @ApiProperty() key_id!: string;
  @ApiProperty({ type: String, nullable: true }) team_id!: string | null;
  @ApiProperty({ enum: PERIODS }) period!: string;
  @ApiProperty({ ...TIME, nullable: true, description: 'null for a total budget.' }) period_start!: string | null;
  @ApiProperty({ ...TIME, nullable: true }) resets_at!: string | null;
  @ApiProperty() spend_usd!: number;
  @ApiProperty({ type: Number, nullable: true }) budget_usd!: number | null;
  @ApiProperty({ type: Number, nullable: true }) remaining_usd!: number | null;
  @ApiProperty() requests!: number;
  @ApiProperty() prompt_tokens!: number;
  @ApiProperty() completion_tokens!: number;
}
