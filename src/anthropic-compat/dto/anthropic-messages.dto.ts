import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/**
 * Documentation of Anthropic's Messages request as this surface reads it: the fields it checks for every model.
 * The body is not validated against this class: Anthropic models get every field as sent (docs/anthropic-compatible.md).
 */
@ApiSchema({ name: 'AnthropicCreateMessageParams', description: "Anthropic's Messages request; any other Messages field is sent on as is to Anthropic models." })
export class AnthropicMessagesRequestDto {
  @ApiProperty({ example: 'claude', description: 'A model id of the gateway (GET /anthropic/v1/models).' })
  model!: string;

  @ApiProperty({ example: 1024, minimum: 1 })
  max_tokens!: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ role: 'user', content: 'Hello, Claude' }],
    description: '`user` / `assistant` turns; content a string or blocks (text, image, tool_use, tool_result, …).',
  })
  messages!: Record<string, unknown>[];

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', additionalProperties: true } }] })
  system?: string | Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'Answer `text/event-stream` with Anthropic\'s events.' })
  stream?: boolean;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Tools with `input_schema`.' })
  tools?: Record<string, unknown>[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { type: 'auto' } })
  tool_choice?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String] })
  stop_sequences?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  temperature?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  top_p?: number;
}

@ApiSchema({ name: 'AnthropicUsage' })
export class AnthropicUsageDto {
  @ApiProperty({ example: 12 })
  input_tokens!: number;

  @ApiProperty({ example: 6 })
  output_tokens!: number;
}

@ApiSchema({ name: 'AnthropicMessage', description: "Anthropic's Message object (Anthropic models: exactly as Anthropic sent it)." })
export class AnthropicMessageDto {
  @ApiProperty({ example: 'msg_013Zva2CMHLNnXjNJJKqJ2EF' })
  id!: string;

  @ApiProperty({ enum: ['message'] })
  type!: 'message';

  @ApiProperty({ enum: ['assistant'] })
  role!: 'assistant';

  @ApiProperty({ example: 'gpt-4o' })
  model!: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ type: 'text', text: 'Hi! My name is Claude.' }] })
  content!: Record<string, unknown>[];

  @ApiProperty({ enum: ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'] })
  stop_reason!: string;

  @ApiProperty({ type: String, nullable: true })
  stop_sequence!: string | null;

  @ApiProperty({ type: AnthropicUsageDto })
  usage!: AnthropicUsageDto;
}

@ApiSchema({ name: 'AnthropicModelInfo' })
export class AnthropicModelDto {
  @ApiProperty({ enum: ['model'] })
  type!: 'model';

  @ApiProperty({ example: 'claude' })
  id!: string;

  @ApiProperty({ example: 'claude' })
  display_name!: string;

  @ApiProperty({ example: '2025-11-28T00:00:00Z' })
  created_at!: string;
}

@ApiSchema({ name: 'AnthropicListModelsResponse' })
export class AnthropicModelListDto {
  @ApiProperty({ type: [AnthropicModelDto] })
  data!: AnthropicModelDto[];

  @ApiProperty()
  has_more!: boolean;

  @ApiProperty({ type: String, nullable: true })
  first_id!: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_id!: string | null;
}

@ApiSchema({ name: 'AnthropicErrorDetail' })
export class AnthropicErrorDetailDto {
  @ApiProperty({ enum: ['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'request_too_large', 'rate_limit_error', 'api_error', 'overloaded_error'] })
  type!: string;

  @ApiProperty({ example: 'max_tokens: Field required: a positive integer.' })
  message!: string;
}

@ApiSchema({ name: 'AnthropicErrorResponse' })
export class AnthropicErrorResponseDto {
  @ApiProperty({ enum: ['error'] })
  type!: 'error';

  @ApiProperty({ type: AnthropicErrorDetailDto })
  error!: AnthropicErrorDetailDto;

  @ApiProperty({ example: 'c0ffee0123456789' })
  request_id!: string;
}

@ApiSchema({ name: 'AnthropicTokenCount' })
export class AnthropicTokenCountDto {
  @ApiProperty({ example: 14 })
  input_tokens!: number;
}
