import { ApiHideProperty, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsStopSequences, MAX_STOP_SEQUENCES } from '../../completions/dto/stop-sequences.validator.js';
import { IsPlainObject, SupportedOnlyAs, SupportedOnlyEmpty } from './openai-validators.js';

const NUMBER = { allowNaN: false, allowInfinity: false };
const NOT_YET = 'is not supported by this gateway';

/**
 * The fields Chat Completions and legacy Completions share (docs/openai-compatible.md has the table). JSON null
 * means "not set", as in OpenAI's API. Model-dependent limits are the providers' rules, checked before any attempt.
 */
@ApiSchema({ name: 'OpenAICommonFields' })
export class OpenAICommonFieldsDto {
  @ApiProperty({ description: 'A model id from GET /openai/v1/models.', example: 'gpt-4o' })
  @IsString({ message: 'must be a string.' })
  @IsNotEmpty({ message: 'must not be empty.' })
  model!: string;

  @ApiPropertyOptional({ description: "Tokens to generate at most, up to the model's limit.", type: 'integer', minimum: 1, nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be an integer.' })
  @Min(1, { message: 'must be at least 1.' })
  max_tokens?: number | null;

  @ApiPropertyOptional({ description: "0 to 2; a model's provider may cap it lower (1 for some).", minimum: 0, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber(NUMBER, { message: 'must be a number.' })
  @Min(0, { message: 'must be between 0 and 2.' })
  @Max(2, { message: 'must be between 0 and 2.' })
  temperature?: number | null;

  @ApiPropertyOptional({ description: 'Nucleus sampling, 0 to 1.', minimum: 0, maximum: 1, nullable: true })
  @IsOptional()
  @IsNumber(NUMBER, { message: 'must be a number.' })
  @Min(0, { message: 'must be between 0 and 1.' })
  @Max(1, { message: 'must be between 0 and 1.' })
  top_p?: number | null;

  @ApiPropertyOptional({
    description: 'Choices to generate. Above 1 only where the provider can (OpenAI models); elsewhere 400.',
    type: 'integer',
    minimum: 1,
    maximum: 128,
    nullable: true,
  })
  @IsOptional()
  @IsInt({ message: 'must be an integer.' })
  @Min(1, { message: 'must be between 1 and 128.' })
  @Max(128, { message: 'must be between 1 and 128.' })
  n?: number | null;

  @ApiPropertyOptional({
    description: `Up to ${MAX_STOP_SEQUENCES} stop sequences.`,
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: MAX_STOP_SEQUENCES }],
    nullable: true,
  })
  @IsOptional()
  @IsStopSequences({ message: `must be a non-empty string or an array of at most ${MAX_STOP_SEQUENCES} non-empty strings.` })
  stop?: string | string[] | null;

  @ApiPropertyOptional({ description: "An opaque end-user id: OpenAI's `user`, Anthropic's `metadata.user_id`.", maxLength: 256 })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  @MaxLength(256, { message: 'must be at most 256 characters.' })
  user?: string | null;

  @ApiPropertyOptional({ description: '`true` answers `text/event-stream` (OpenAI\'s stream chunks, then `data: [DONE]`).', nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  stream?: boolean | null;

  @ApiPropertyOptional({ description: '`include_usage` (boolean): a last chunk with the usage. Other options are ignored; it only matters with `stream`.', type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsPlainObject()
  stream_options?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Only 0 (the default) is accepted.', nullable: true })
  @SupportedOnlyAs([0], `other than 0 ${NOT_YET}.`)
  presence_penalty?: number | null;

  @ApiPropertyOptional({ description: 'Only 0 (the default) is accepted.', nullable: true })
  @SupportedOnlyAs([0], `other than 0 ${NOT_YET}.`)
  frequency_penalty?: number | null;

  @ApiHideProperty()
  @SupportedOnlyAs([], `${NOT_YET}.`)
  seed?: unknown;

  @ApiHideProperty()
  @SupportedOnlyEmpty(`${NOT_YET}.`)
  logit_bias?: unknown;
}
