import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Liveness' })
export class LiveDto {
  @ApiProperty({ enum: ['ok'], description: 'The process is up and serving HTTP.' })
  status!: 'ok';

  @ApiProperty({ description: 'Seconds since the process started.', example: 3600 })
  uptime_seconds!: number;
}

@ApiSchema({ name: 'ReadinessCheck' })
export class ReadinessCheckDto {
  @ApiProperty({ enum: ['config', 'redis', 'providers', 'draining'] })
  name!: string;

  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ example: 'reachable', description: 'What was found; a failing check says it in the 503 message too.' })
  detail!: string;
}

@ApiSchema({ name: 'Readiness' })
export class ReadyDto {
  @ApiProperty({ enum: ['ready'] })
  status!: 'ready';

  @ApiProperty({ type: [ReadinessCheckDto] })
  checks!: ReadinessCheckDto[];
}
