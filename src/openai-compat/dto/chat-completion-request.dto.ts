import { ApiHideProperty, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { ChatMessageDto } from './chat-message.dto.js';
import { ToolDto } from './chat-tool.dto.js';
import { OpenAICommonFieldsDto } from './openai-common-fields.dto.js';
import { IsToolChoice, SupportedOnlyAs } from './openai-validators.js';
import { ResponseFormatDto } from './response-format.dto.js';

const LEGACY_FUNCTIONS = "is not supported by this gateway: the legacy functions API is replaced by 'tools' and 'tool_choice'.";

/** OpenAI's own bound on a conversation's length; more is refused before any per-message work (docs/limits.md). */
export const MAX_MESSAGES = 2048;

/** OpenAI's own bound on the tools of one request ("a max of 128 functions"), also the Responses surface's. */
export const MAX_TOOLS = 128;

/** Body of POST /openai/v1/chat/completions: OpenAI's CreateChatCompletionRequest, the subset the gateway serves. */
@ApiSchema({ name: 'CreateChatCompletionRequest' })
export class ChatCompletionRequestDto extends OpenAICommonFieldsDto {
  @ApiProperty({ type: [ChatMessageDto], minItems: 1, maxItems: MAX_MESSAGES, description: 'The conversation so far.' })
  @IsArray({ message: 'must be an array of messages.' })
  @ArrayMinSize(1, { message: 'must contain at least one message.' })
  @ArrayMaxSize(MAX_MESSAGES, { message: `must contain at most ${MAX_MESSAGES} messages.` })
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({ description: 'Preferred over `max_tokens` when both are sent.', type: 'integer', minimum: 1, nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be an integer.' })
  @Min(1, { message: 'must be at least 1.' })
  max_completion_tokens?: number | null;

  @ApiPropertyOptional({ description: 'Only `false` is accepted (log probabilities are not available).', nullable: true })
  @SupportedOnlyAs([false], 'is not supported by this gateway: only false is accepted.')
  logprobs?: boolean | null;

  @ApiPropertyOptional({ type: [ToolDto], nullable: true, maxItems: MAX_TOOLS, description: 'Functions the model may call (docs/tools.md). A model without `supports_tools` answers 400.' })
  @IsOptional()
  @IsArray({ message: 'must be an array of tools.' })
  @ArrayMaxSize(MAX_TOOLS, { message: `must contain at most ${MAX_TOOLS} tools.` })
  @ValidateNested({ each: true })
  @Type(() => ToolDto)
  tools?: ToolDto[] | null;

  @ApiPropertyOptional({
    description: '`none`, `auto`, `required`, or `{"type": "function", "function": {"name": …}}` naming one of `tools`.',
    oneOf: [
      { type: 'string', enum: ['none', 'auto', 'required'] },
      { type: 'object', properties: { type: { type: 'string', enum: ['function'] }, function: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }, required: ['type', 'function'] },
    ],
    nullable: true,
  })
  @IsOptional()
  @IsToolChoice()
  tool_choice?: string | { type: 'function'; function: { name: string } } | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: '`false`: at most one tool call per turn (Anthropic: `disable_parallel_tool_use`).' })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  parallel_tool_calls?: boolean | null;

  @ApiPropertyOptional({ type: ResponseFormatDto, nullable: true, description: 'Structured output: `json_object` or `json_schema` (docs/tools.md).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResponseFormatDto)
  response_format?: ResponseFormatDto | null;

  @ApiHideProperty()
  @SupportedOnlyAs([], LEGACY_FUNCTIONS)
  functions?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs(['none'], LEGACY_FUNCTIONS)
  function_call?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], 'is not supported by this gateway.')
  top_logprobs?: unknown;
}
