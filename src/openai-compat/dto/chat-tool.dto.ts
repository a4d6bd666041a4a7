import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { IsPlainObject } from './openai-validators.js';

/** OpenAI's rule for function names (and Anthropic's for tool names). */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const NAME_RULE = 'must be 1 to 64 letters, digits, underscores or dashes.';

@ApiSchema({ name: 'FunctionObject' })
export class FunctionDefinitionDto {
  @ApiProperty({ description: 'The function name.', example: 'get_weather', pattern: FUNCTION_NAME.source })
  @IsString({ message: 'must be a string.' })
  @Matches(FUNCTION_NAME, { message: NAME_RULE })
  name!: string;

  @ApiPropertyOptional({ description: 'What the function does, for the model.' })
  @IsOptional()
  @IsString({ message: 'must be a string.' })
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'A JSON Schema object for the arguments (Anthropic: `input_schema`).' })
  @IsOptional()
  @IsPlainObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Strict schema adherence, sent where the provider has it (OpenAI-format upstreams).' })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean.' })
  strict?: boolean | null;
}

@ApiSchema({ name: 'ChatCompletionTool' })
export class ToolDto {
  @ApiProperty({ enum: ['function'], description: 'Only function tools.' })
  @IsIn(['function'], { message: 'must be function (only function tools are supported).' })
  type!: 'function';

  @ApiProperty({ type: FunctionDefinitionDto })
  @ValidateNested()
  @Type(() => FunctionDefinitionDto)
  function!: FunctionDefinitionDto;
}

@ApiSchema({ name: 'ChatCompletionMessageToolCallFunction' })
export class ToolCallFunctionDto {
  @ApiProperty({ example: 'get_weather' })
  @IsString({ message: 'must be a string.' })
  name!: string;

  @ApiProperty({ description: 'The arguments as JSON text (a JSON object; anything else is refused with 400).', example: '{"city":"Paris"}' })
  @IsString({ message: 'must be a string.' })
  arguments!: string;
}

/** A function call the model made, in an assistant message (request) or a response. */
@ApiSchema({ name: 'ChatCompletionMessageToolCall' })
export class ToolCallDto {
  @ApiProperty({ example: 'call_abc123' })
  @IsString({ message: 'must be a string.' })
  id!: string;

  @ApiProperty({ enum: ['function'] })
  @IsIn(['function'], { message: 'must be function.' })
  type!: 'function';

  @ApiProperty({ type: ToolCallFunctionDto })
  @ValidateNested()
  @Type(() => ToolCallFunctionDto)
  function!: ToolCallFunctionDto;
}
