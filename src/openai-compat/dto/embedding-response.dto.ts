import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Embedding' })
export class EmbeddingDto {
  @ApiProperty({ example: 0 })
  index!: number;

  @ApiProperty({ description: 'Floats, or with `encoding_format: base64` a base64 string of little-endian float32s.', oneOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string' }], example: [0.0023, -0.0093] })
  embedding!: number[] | string;

  @ApiProperty({ enum: ['embedding'] })
  object!: 'embedding';
}

@ApiSchema({ name: 'EmbeddingUsage' })
export class EmbeddingUsageDto {
  @ApiProperty({ example: 8 })
  prompt_tokens!: number;

  @ApiProperty({ example: 8 })
  total_tokens!: number;
}

/** OpenAI's CreateEmbeddingResponse. */
@ApiSchema({ name: 'CreateEmbeddingResponse' })
export class EmbeddingResponseDto {
  @ApiProperty({ type: [EmbeddingDto] })
  data!: EmbeddingDto[];

  @ApiProperty({ description: 'The gateway model id asked for.', example: 'text-embedding-3-small' })
  model!: string;

  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  @ApiProperty({ type: EmbeddingUsageDto })
  usage!: EmbeddingUsageDto;
}
