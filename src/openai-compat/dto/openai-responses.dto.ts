import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { UsageDto } from '../../completions/dto/complete-response.dto.js';
import { ModelCapabilitiesDto } from '../../models/dto/model-info.dto.js';
import { ToolCallDto } from './chat-tool.dto.js';

@ApiSchema({ name: 'ChatCompletionResponseMessage' })
export class ChatCompletionMessageDto {
  @ApiProperty({ enum: ['assistant'] })
  role!: 'assistant';

  @ApiProperty({ type: String, nullable: true, description: 'The generated text; null when the model only called tools.', example: 'Waves fold into foam.' })
  content!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Always null: a provider refusal arrives as content with finish_reason content_filter.' })
  refusal!: null;

  @ApiPropertyOptional({ type: [ToolCallDto], description: 'The tools the model called (finish_reason `tool_calls`).' })
  tool_calls?: ToolCallDto[];
}

@ApiSchema({ name: 'ChatCompletionChoice' })
export class ChatCompletionChoiceDto {
  @ApiProperty({ example: 0 })
  index!: number;

  @ApiProperty({ type: ChatCompletionMessageDto })
  message!: ChatCompletionMessageDto;

  @ApiProperty({ enum: ['stop', 'length', 'tool_calls', 'content_filter'], description: "Mapped from the provider's reason." })
  finish_reason!: string;

  @ApiProperty({ type: Object, nullable: true, description: 'Always null.' })
  logprobs!: null;
}

/** OpenAI's CreateChatCompletionResponse, as this gateway fills it. */
@ApiSchema({ name: 'CreateChatCompletionResponse' })
export class ChatCompletionResponseDto {
  @ApiProperty({ example: 'chatcmpl-9f86d081884c7d659a2feaa0c55ad015' })
  id!: string;

  @ApiProperty({ enum: ['chat.completion'] })
  object!: 'chat.completion';

  @ApiProperty({ description: 'Unix time in seconds.', example: 1764288000 })
  created!: number;

  @ApiProperty({ description: 'The gateway model id asked for.', example: 'gpt-4o' })
  model!: string;

  @ApiProperty({ type: [ChatCompletionChoiceDto] })
  choices!: ChatCompletionChoiceDto[];

  @ApiProperty({ type: UsageDto })
  usage!: UsageDto;
}

@ApiSchema({ name: 'TextCompletionChoice' })
export class TextCompletionChoiceDto {
  @ApiProperty({ example: 'This is a test.' })
  text!: string;

  @ApiProperty({ example: 0 })
  index!: number;

  @ApiProperty({ type: Object, nullable: true, description: 'Always null.' })
  logprobs!: null;

  @ApiProperty({ enum: ['stop', 'length', 'content_filter'] })
  finish_reason!: string;
}

/** OpenAI's CreateCompletionResponse (legacy text completions). */
@ApiSchema({ name: 'CreateCompletionResponse' })
export class TextCompletionResponseDto {
  @ApiProperty({ example: 'cmpl-9f86d081884c7d659a2feaa0c55ad015' })
  id!: string;

  @ApiProperty({ enum: ['text_completion'] })
  object!: 'text_completion';

  @ApiProperty({ example: 1764288000 })
  created!: number;

  @ApiProperty({ example: 'gpt-4o' })
  model!: string;

  @ApiProperty({ type: [TextCompletionChoiceDto] })
  choices!: TextCompletionChoiceDto[];

  @ApiProperty({ type: UsageDto })
  usage!: UsageDto;
}

/** OpenAI's Model, with the gateway's capability flags as extensions. */
@ApiSchema({ name: 'OpenAIModel' })
export class OpenAIModelDto extends ModelCapabilitiesDto {
  @ApiProperty({ example: 'gpt-4o' })
  id!: string;

  @ApiProperty({ enum: ['model'] })
  object!: 'model';

  @ApiProperty({ description: 'A fixed Unix time (the gateway does not know when a provider created a model).', example: 1764288000 })
  created!: number;

  @ApiProperty({ description: 'The provider kind serving the model.', example: 'openai' })
  owned_by!: string;
}

/** OpenAI's ListModelsResponse. */
@ApiSchema({ name: 'ListModelsResponse' })
export class OpenAIModelListDto {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  @ApiProperty({ type: [OpenAIModelDto] })
  data!: OpenAIModelDto[];
}

@ApiSchema({ name: 'OpenAIError' })
export class OpenAIErrorDetailDto {
  @ApiProperty({ example: "Invalid 'messages[0].content[1].type': must be text or image_url; audio and file inputs are not supported by this gateway." })
  message!: string;

  @ApiProperty({ example: 'invalid_request_error', description: '`invalid_request_error`, `requests` (429) or `server_error` (5xx).' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'messages[0].content[1].type' })
  param!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'e.g. `invalid_api_key`, `model_not_found`, `rate_limit_exceeded`, `upstream_timeout`.' })
  code!: string | null;
}

/** OpenAI's ErrorResponse: every error on /openai/v1. */
@ApiSchema({ name: 'OpenAIErrorResponse' })
export class OpenAIErrorResponseDto {
  @ApiProperty({ type: OpenAIErrorDetailDto })
  error!: OpenAIErrorDetailDto;
}
