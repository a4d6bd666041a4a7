import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { BudgetDto, RateLimitDto } from './limits.dto.js';
import { InstantInRange, WithoutNul } from './text-validators.js';

/** Fields a key is created with, and (all optional, `null` clearing) changed by PATCH. */
class KeyFieldsDto {
  @ApiPropertyOptional({ type: [String], nullable: true, description: "Model ids the key may use, within its team's (absent: all).", example: ['gpt-4o'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @WithoutNul()
  models?: string[] | null;

  @ApiPropertyOptional({ type: RateLimitDto, nullable: true, description: "Replaces the gateway's default rate limits for this key." })
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rate_limit?: RateLimitDto | null;

  @ApiPropertyOptional({ type: BudgetDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'After this instant the key answers 401.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @InstantInRange()
  expires_at?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form labels (owner, ticket…); never a secret.' })
  @IsOptional()
  @IsObject()
  @WithoutNul()
  metadata?: Record<string, unknown> | null;
}

@ApiSchema({ name: 'CreateKeyRequest' })
export class CreateKeyDto extends KeyFieldsDto {
  @ApiProperty({ description: 'Who or what the key is for.', example: 'alice laptop' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @WithoutNul()
  name!: string;

  @ApiPropertyOptional({ description: 'The team whose models and budget also apply.', example: 'team_3kq9x0Yb2LmA' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @WithoutNul()
  team_id?: string;
}

@ApiSchema({ name: 'UpdateKeyRequest' })
export class UpdateKeyDto extends KeyFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @WithoutNul()
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: 'Move the key to a team, or out of it with null.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @WithoutNul()
  team_id?: string | null;
}

@ApiSchema({ name: 'RotateKeyRequest' })
export class RotateKeyDto {
  @ApiPropertyOptional({ description: 'How long the old secret keeps working, in seconds (default 0: at once).', minimum: 0, maximum: 2_592_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_592_000)
  grace_seconds?: number;
}
