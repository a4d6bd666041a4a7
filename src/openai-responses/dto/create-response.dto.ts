import { ApiHideProperty, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MaxItemsWhenArray } from '../../common/max-items.decorator.js';
import { MAX_MESSAGES, MAX_TOOLS } from '../../openai-compat/dto/chat-completion-request.dto.js';
import { IsPlainObject, SupportedOnlyAs } from '../../openai-compat/dto/openai-validators.js';
import { IsResponseInput, IsToolChoice } from './response-validators.js';

const NUMBER = { allowNaN: false, allowInfinity: false };
const NOT_SUPPORTED = 'is not supported by this gateway.';

/**
 * Body of POST /openai/v1/responses: OpenAI's CreateResponse, the part the gateway serves (docs/responses.md).
 * Input items, tools and `text.format` are checked field by field by the mapping, which names the exact field.
 */
@ApiSchema({ name: 'CreateResponse' })
export class CreateResponseDto {
  @ApiProperty({ description: 'A model id from GET /openai/v1/models.', example: 'gpt-4o' })
  @IsString({ message: 'must be a string.' })
  @IsNotEmpty({ message: 'must not be empty.' })
  model!: string;

  @ApiProperty({
    description: 'A user message as a string, or input items: messages (`input_text`, `input_image`), `function_call`, `function_call_output`, `item_reference`.',
    oneOf: [{ type: 'string' }, { type: 'array', maxItems: MAX_MESSAGES, items: { type: 'object', additionalProperties: true } }],
  })
  @IsResponseInput()
  @MaxItemsWhenArray(MAX_MESSAGES)
  input!: string | Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'A system message placed first (not carried over by `previous_response_id`).', nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  instructions?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be an integer.' })
  @Min(1, { message: 'must be at least 1.' })
  max_output_tokens?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber(NUMBER, { message: 'must be a number.' })
  @Min(0, { message: 'must be between 0 and 2.' })
  @Max(2, { message: 'must be between 0 and 2.' })
  temperature?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, nullable: true })
  @IsOptional()
  @IsNumber(NUMBER, { message: 'must be a number.' })
  @Min(0, { message: 'must be between 0 and 1.' })
  @Max(1, { message: 'must be between 0 and 1.' })
  top_p?: number | null;

  @ApiPropertyOptional({ description: 'Function tools (`{type: "function", name, description, parameters, strict}`). Built-in tools are refused.', type: 'array', maxItems: MAX_TOOLS, items: { type: 'object', additionalProperties: true }, nullable: true })
  @IsOptional()
  @IsArray({ message: 'must be an array of tools.' })
  @ArrayMaxSize(MAX_TOOLS, { message: `must contain at most ${MAX_TOOLS} tools.` })
  tools?: unknown[] | null;

  @ApiPropertyOptional({ description: '`auto`, `none`, `required` or `{type: "function", name}`.', oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }], nullable: true })
  @IsOptional()
  @IsToolChoice()
  tool_choice?: string | Record<string, unknown> | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  parallel_tool_calls?: boolean | null;

  @ApiPropertyOptional({ description: '`format`: `{type: "text"}`, `{type: "json_object"}` or `{type: "json_schema", name, schema, strict}`.', type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsPlainObject()
  text?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Up to 16 string values, echoed on the response.', type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  @IsOptional()
  @IsPlainObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ maxLength: 256, nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  @MaxLength(256, { message: 'must be at most 256 characters.' })
  user?: string | null;

  @ApiPropertyOptional({ description: 'Sent to the provider as the end-user id when `user` is not set.', maxLength: 256, nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  @MaxLength(256, { message: 'must be at most 256 characters.' })
  safety_identifier?: string | null;

  @ApiPropertyOptional({ description: '`true` answers `text/event-stream` with OpenAI\'s response events.', nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  stream?: boolean | null;

  @ApiPropertyOptional({ description: 'Keep the response for `previous_response_id` and GET (default true; see docs/responses.md).', nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  store?: boolean | null;

  @ApiPropertyOptional({ description: 'Continue a stored response of the same key.', nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  @IsNotEmpty({ message: 'must not be empty.' })
  previous_response_id?: string | null;

  @ApiPropertyOptional({ description: 'Only `false`: responses are answered while the request is open.', nullable: true })
  @SupportedOnlyAs([false], 'is not supported by this gateway: it answers while the request is open (no background mode).')
  background?: boolean | null;

  @ApiPropertyOptional({ description: 'Only `disabled`.', nullable: true })
  @IsOptional()
  @IsIn(['disabled'], { message: "only 'disabled' is supported by this gateway." })
  truncation?: string | null;

  @ApiPropertyOptional({ description: 'Only empty: the gateway has no extra output data to include.', type: 'array', items: { type: 'string' }, nullable: true })
  @IsOptional()
  @IsArray({ message: 'must be an array.' })
  @IsIn([], { each: true, message: 'is not supported by this gateway: it has no extra output data to include.' })
  include?: string[] | null;

  @ApiPropertyOptional({ description: 'Accepted and ignored (a hint for OpenAI\'s own tiers).', nullable: true })
  @IsOptional()
  @IsIn(['auto', 'default', 'flex', 'priority', 'scale'], { message: 'must be a service tier name.' })
  service_tier?: string | null;

  @ApiPropertyOptional({ description: 'Accepted and ignored (a cache hint).', nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  prompt_cache_key?: string | null;

  @ApiHideProperty()
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  prompt_cache_retention?: string | null;

  @ApiHideProperty()
  @IsOptional()
  @IsPlainObject()
  stream_options?: Record<string, unknown> | null;

  @ApiHideProperty()
  @SupportedOnlyAs([], NOT_SUPPORTED)
  reasoning?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NOT_SUPPORTED)
  conversation?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NOT_SUPPORTED)
  prompt?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([0], NOT_SUPPORTED)
  top_logprobs?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NOT_SUPPORTED)
  max_tool_calls?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NOT_SUPPORTED)
  context_management?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NOT_SUPPORTED)
  prompt_cache_options?: unknown;
}
