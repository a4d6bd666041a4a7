import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';

export const PERIODS = ['day', 'month', 'total'] as const;

@ApiSchema({ name: 'KeyRateLimit' })
export class RateLimitDto {
  @ApiProperty({ description: 'Requests per minute for this key, replacing RATE_LIMIT_PER_MINUTE.', minimum: 1, example: 60 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  per_minute!: number;

  @ApiProperty({ description: 'Requests per burst window (1 s by default), replacing RATE_LIMIT_BURST.', minimum: 1, example: 10 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  burst!: number;
}

@ApiSchema({ name: 'Budget' })
export class BudgetDto {
  @ApiProperty({ description: 'Most USD the key (or team) may spend per period.', minimum: 0, example: 25 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  max_usd!: number;

  @ApiProperty({ enum: PERIODS, description: 'UTC day, UTC month, or the whole life of the key (team).', example: 'month' })
  @IsIn(PERIODS)
  period!: (typeof PERIODS)[number];
}
