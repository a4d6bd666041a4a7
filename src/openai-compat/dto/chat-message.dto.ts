import { ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { IsMessageContent } from './openai-validators.js';

const ROLES = ['system', 'developer', 'user', 'assistant'] as const;
export type ChatRole = (typeof ROLES)[number];

const PART_TYPES = ['text'] as const;

/** One part of a multi-part content array: only text parts are supported (images, audio, files refused). */
@ApiSchema({ name: 'ChatCompletionRequestMessageContentPartText' })
export class TextContentPartDto {
  @ApiProperty({ enum: PART_TYPES, description: 'Only `text`; `image_url`, `input_audio` and `file` parts are refused (400).' })
  @IsIn(PART_TYPES, { message: 'only text content parts are supported by this gateway; image, audio and file inputs are not.' })
  type!: 'text';

  @ApiProperty({ description: 'The text.', example: 'Hello' })
  @ValidateIf((part: TextContentPartDto) => part.type === 'text')
  @IsString({ message: 'must be a string.' })
  text!: string;
}

/** A message of a Chat Completions request; `tool` and `function` messages are refused until tool calling exists. */
@ApiSchema({ name: 'ChatCompletionRequestMessage' })
export class ChatMessageDto {
  @ApiProperty({ enum: ROLES, description: '`developer` is treated as `system`. `tool` and `function` messages are refused (400).' })
  @IsIn(ROLES, { message: 'must be one of system, developer, user, assistant (tool and function messages are not supported by this gateway).' })
  role!: ChatRole;

  @ApiProperty({
    description: 'The text, or an array of text parts (joined with no separator).',
    oneOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { $ref: getSchemaPath(TextContentPartDto) } }],
    example: 'Write a haiku about the sea.',
  })
  // Only arrays need more than the first check: a string is complete as it is.
  @ValidateIf((message: ChatMessageDto) => typeof message.content !== 'string')
  @IsMessageContent()
  @ValidateNested({ each: true })
  @Type(() => TextContentPartDto)
  content!: string | TextContentPartDto[];

  @ApiPropertyOptional({ description: 'Accepted for compatibility and not sent upstream.' })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  name?: string;
}
