import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** What a model can take (docs/tools.md): the model list's flags, else its provider's defaults. Both listings carry it. */
export class ModelCapabilitiesDto {
  @ApiProperty({ description: 'Takes `tools` (chat surfaces): the model list\'s flag, else the provider\'s default (docs/tools.md).', example: true })
  supports_tools!: boolean;

  @ApiProperty({ description: 'Takes image parts.', example: true })
  supports_vision!: boolean;

  @ApiProperty({ description: 'Takes `response_format` `json_object` / `json_schema`.', example: true })
  supports_json_schema!: boolean;
}

@ApiSchema({ name: 'ModelInfo' })
export class ModelInfoDto extends ModelCapabilitiesDto {
  @ApiProperty({ description: 'Model identifier, the value to send as `model` (POST /v1/complete, the MCP complete tool).', example: 'gpt-4o' })
  id!: string;

  @ApiProperty({ description: 'A brief description of the model.', example: 'GPT-4 optimized for high performance and accuracy.' })
  description!: string;

  // Its enum is the provider registry's kinds, added when the document is built (src/docs/provider-enum.ts).
  @ApiProperty({ description: 'Upstream provider serving the model.' })
  provider!: string;

  @ApiProperty({ description: 'Largest `max_tokens` the model accepts.', type: 'integer', minimum: 1, example: 16384 })
  max_output_tokens!: number;

  @ApiProperty({
    description: 'False when the gateway has no credentials for the provider; completions then answer 503.',
    example: true,
  })
  available!: boolean;
}

@ApiSchema({ name: 'ModelList' })
export class ModelListDto {
  @ApiProperty({ type: [ModelInfoDto], description: 'List of supported models.' })
  models!: ModelInfoDto[];
}
