import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'RateLimitHealth' })
export class RateLimitHealthDto {
  @ApiProperty({ enum: ['memory', 'redis'], description: 'Where the per-key windows are kept.' })
  store!: 'memory' | 'redis';

  @ApiProperty({ enum: ['open', 'closed'], description: 'RATE_LIMIT_FAIL_MODE: what happens while the store is down.' })
  fail_mode!: 'open' | 'closed';

  @ApiProperty({ description: 'True while the store (Redis) is unreachable.' })
  store_down!: boolean;

  @ApiProperty({ description: 'Store operations that failed or were skipped since start.' })
  store_failures!: number;

  @ApiProperty({ description: 'Requests admitted without a limit check because the store was down (fail open).' })
  admitted_unchecked!: number;

  @ApiProperty({ description: 'Requests refused with 503 because the store was down (fail closed).' })
  refused_unavailable!: number;

  @ApiProperty({ description: 'Times the store went from working to failing.' })
  outages!: number;
}

@ApiSchema({ name: 'Health' })
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '`degraded` while the rate-limit store is down.' })
  status!: 'ok' | 'degraded';

  @ApiProperty({ description: 'Seconds since the process started.', example: 3600 })
  uptime_seconds!: number;

  @ApiProperty({ type: RateLimitHealthDto })
  rate_limit!: RateLimitHealthDto;
}
