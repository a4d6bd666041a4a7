import { ApiHideProperty, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { ChatMessageDto } from './chat-message.dto.js';
import { OpenAICommonFieldsDto } from './openai-common-fields.dto.js';
import { SupportedOnlyAs } from './openai-validators.js';

/** OpenAI's own bound on a conversation's length; more is refused before any per-message work (docs/limits.md). */
export const MAX_MESSAGES = 2048;

const NO_TOOLS = 'is not supported by this gateway: tool and function calling are not available yet.';

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

  @ApiHideProperty()
  @SupportedOnlyAs([], NO_TOOLS)
  tools?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs(['none'], NO_TOOLS)
  tool_choice?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NO_TOOLS)
  functions?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs(['none'], NO_TOOLS)
  function_call?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], NO_TOOLS)
  parallel_tool_calls?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], 'is not supported by this gateway: the answer is always text.')
  response_format?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([], 'is not supported by this gateway.')
  top_logprobs?: unknown;
}
