import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { IsPlainObject } from './openai-validators.js';

@ApiSchema({ name: 'JSONSchema' })
export class JsonSchemaDto {
  @ApiProperty({ description: 'The schema name (on Anthropic also the name of the tool that carries the answer).', example: 'math_answer' })
  @IsString({ message: 'must be a string.' })
  @Matches(/^[a-zA-Z0-9_-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, underscores or dashes.' })
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The JSON Schema the answer must satisfy.' })
  @IsOptional()
  @IsPlainObject()
  schema?: Record<string, unknown>;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  strict?: boolean | null;
}

const FORMATS = ['text', 'json_object', 'json_schema'] as const;

/** Structured output: OpenAI-format upstreams get it as sent; Anthropic a forced tool (docs/tools.md). */
@ApiSchema({ name: 'ResponseFormat' })
export class ResponseFormatDto {
  @ApiProperty({ enum: FORMATS })
  @IsIn(FORMATS, { message: 'must be one of text, json_object, json_schema.' })
  type!: (typeof FORMATS)[number];

  @ApiPropertyOptional({ type: JsonSchemaDto, description: 'Required with `type: json_schema`.' })
  @ValidateIf((format: ResponseFormatDto) => format.type === 'json_schema')
  @IsDefined({ message: 'is required when type is json_schema.' })
  @ValidateNested()
  @Type(() => JsonSchemaDto)
  json_schema?: JsonSchemaDto;
}
