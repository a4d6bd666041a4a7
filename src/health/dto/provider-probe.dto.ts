import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'ProviderProbe' })
export class ProviderProbeDto {
  @ApiProperty({ example: 'openai', description: 'The provider kind (model list `provider`).' })
  provider!: string;

  @ApiProperty({ example: 'https://api.openai.com/v1/models', description: 'The model listing that was probed.' })
  url!: string;

  @ApiProperty({ type: [String], example: ['gpt-4o'], description: 'Configured models served by this upstream.' })
  models!: string[];

  @ApiProperty({ description: 'False when the provider key is not set; then no call is made.' })
  configured!: boolean;

  @ApiProperty({ description: 'An HTTP answer came back, whatever its status.' })
  reachable!: boolean;

  @ApiProperty({ description: 'The answer was a 2xx: reachable and the key accepted.' })
  ok!: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  status!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 182, description: 'Time to the whole answer, in ms.' })
  latency_ms!: number | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why there was no answer (timeout, ECONNREFUSED...) or no call.' })
  error!: string | null;
}

@ApiSchema({ name: 'ProviderProbes' })
export class ProviderProbesDto {
  @ApiProperty({ example: '2026-11-28T20:00:00.000Z', description: 'When these probes ran; results are reused for 30 s.' })
  checked_at!: string;

  @ApiProperty({ type: [ProviderProbeDto] })
  providers!: ProviderProbeDto[];
}
