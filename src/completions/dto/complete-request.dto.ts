import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsStopSequences, MAX_STOP_SEQUENCES } from './stop-sequences.validator.js';

/**
 * Body of POST /v1/complete (seed §2.1). Types are checked, never coerced: "50" is not a max_tokens.
 * Model-dependent limits (the model's max_output_tokens, its provider's parameter rules) are checked before any
 * upstream attempt (ProvidersService.prepare).
 */
@ApiSchema({ name: 'CompleteRequest' })
export class CompleteRequestDto {
  @ApiProperty({ description: 'The model to use: an `id` from GET /v1/models (the list_models MCP tool).', minLength: 1, example: 'gpt-4o' })
  @IsString({ message: "Invalid 'model' parameter." })
  @IsNotEmpty({ message: "Invalid 'model' parameter." })
  model!: string;

  @ApiProperty({ description: 'The input text or prompt for the model.', minLength: 1, example: 'Write a poem about the ocean.' })
  @IsString({ message: "Invalid 'prompt' parameter: must be a string." })
  @IsNotEmpty({ message: "Invalid 'prompt' parameter: must not be empty." })
  prompt!: string;

  @ApiPropertyOptional({
    description: "The maximum number of tokens to generate, from 1 to the model's `max_output_tokens`. "
      + "Default: the model's `default_max_tokens` where its provider requires a value, else the upstream's own.",
    type: 'integer',
    minimum: 1,
    example: 50,
  })
  @IsOptional()
  @IsInt({ message: "Invalid 'max_tokens' parameter: must be an integer." })
  @Min(1, { message: "Invalid 'max_tokens' parameter: must be at least 1." })
  max_tokens?: number;

  @ApiPropertyOptional({
    description: "Sampling temperature: 0 is the most deterministic. At most 2; a model's provider may cap it lower.",
    minimum: 0,
    maximum: 2,
    default: 1,
    example: 0.7,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: "Invalid 'temperature' parameter: must be a number." })
  @Min(0, { message: "Invalid 'temperature' parameter: must be between 0 and 2." })
  @Max(2, { message: "Invalid 'temperature' parameter: must be between 0 and 2." })
  temperature?: number;

  @ApiPropertyOptional({ description: 'Nucleus sampling probability, 0 to 1.', minimum: 0, maximum: 1, default: 1, example: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: "Invalid 'top_p' parameter: must be a number." })
  @Min(0, { message: "Invalid 'top_p' parameter: must be between 0 and 1." })
  @Max(1, { message: "Invalid 'top_p' parameter: must be between 0 and 1." })
  top_p?: number;

  @ApiPropertyOptional({
    description: `Stop sequences: a string or a list of at most ${MAX_STOP_SEQUENCES} non-empty strings.`,
    // anyOf rather than oneOf (the branches cannot overlap): tool-calling models handle anyOf more widely.
    anyOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: MAX_STOP_SEQUENCES },
    ],
    example: ['\n'],
  })
  @IsOptional()
  @IsStopSequences()
  stop?: string | string[];

  @ApiPropertyOptional({
    description: 'true: answer `text/event-stream`, one event per piece of text as the model writes it (docs/streaming.md).',
    default: false,
    example: false,
  })
  @IsOptional()
  @IsBoolean({ message: "Invalid 'stream' parameter: must be true or false." })
  stream?: boolean;
}
