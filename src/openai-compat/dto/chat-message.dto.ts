import { ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { ContentPartDto } from './chat-content-part.dto.js';
import { ToolCallDto } from './chat-tool.dto.js';
import { IsMessageContent } from './openai-validators.js';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;
export type ChatRole = (typeof ROLES)[number];

/**
 * A message of a Chat Completions request. One class for every role (the rules per role, such as `tool_call_id`
 * on tool messages or images only from the user, are checked when it is mapped: openai-turns.mapping.ts).
 */
@ApiSchema({ name: 'ChatCompletionRequestMessage' })
export class ChatMessageDto {
  @ApiProperty({ enum: ROLES, description: '`developer` is treated as `system`. `function` messages (the legacy API) are refused (400).' })
  @IsIn(ROLES, { message: 'must be one of system, developer, user, assistant, tool (legacy function messages are not supported; use tools).' })
  role!: ChatRole;

  @ApiProperty({
    description: 'The text, or an array of parts (several text parts stay separate; `image_url` parts in user messages). '
      + 'null only on an assistant message that carries `tool_calls`.',
    oneOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { $ref: getSchemaPath(ContentPartDto) } }],
    nullable: true,
    example: 'Write a haiku about the sea.',
  })
  // null and absence are checked per role when mapped; a string is complete as it is.
  @ValidateIf((message: ChatMessageDto) => typeof message.content !== 'string' && message.content !== null && message.content !== undefined)
  @IsMessageContent()
  @ValidateNested({ each: true })
  @Type(() => ContentPartDto)
  content?: string | ContentPartDto[] | null;

  @ApiPropertyOptional({ description: 'A participant name: sent to OpenAI-format upstreams; the Messages API has no such field.' })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  name?: string;

  @ApiPropertyOptional({ type: [ToolCallDto], description: 'Assistant messages: the tool calls the model made.' })
  @IsOptional()
  @IsArray({ message: 'must be an array of tool calls.' })
  @ValidateNested({ each: true })
  @Type(() => ToolCallDto)
  tool_calls?: ToolCallDto[];

  @ApiPropertyOptional({ description: 'Tool messages: the id of the tool call this is the result of.', example: 'call_abc123' })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  tool_call_id?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: "Assistant messages: accepted (an SDK's own `choice.message` carries `refusal: null`) and not sent upstream." })
  @IsOptional()
  @IsString({ message: 'must be a string or null.' })
  refusal?: string | null;
}
