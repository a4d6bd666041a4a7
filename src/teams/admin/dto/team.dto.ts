import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BudgetDto } from './limits.dto.js';
import { WithoutNul } from './text-validators.js';

@ApiSchema({ name: 'CreateTeamRequest' })
export class CreateTeamDto {
  @ApiProperty({ description: 'Unique team name.', example: 'research' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @WithoutNul()
  name!: string;

  @ApiPropertyOptional({ type: [String], description: "Model ids the team's keys may use (absent: all).", example: ['gpt-4o'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @WithoutNul()
  models?: string[] | null;

  @ApiPropertyOptional({ type: BudgetDto, description: "Spend cap shared by all the team's keys." })
  @IsOptional()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto | null;
}

/** PATCH: only the fields sent change; `null` clears models (all models) or budget (no cap). */
@ApiSchema({ name: 'UpdateTeamRequest' })
export class UpdateTeamDto {
  @ApiPropertyOptional({ description: 'New unique name.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @WithoutNul()
  name?: string;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @WithoutNul()
  models?: string[] | null;

  @ApiPropertyOptional({ type: BudgetDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto | null;
}
