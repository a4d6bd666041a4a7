import { ApiError } from '../common/api-error.js';
import type { ResponseFormat, ToolChoice, ToolDefinition } from '../providers/chat-types.js';
import type { CompletionRequest } from '../providers/provider-definition.js';
import type { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import type { JsonSchemaDto } from './dto/response-format.dto.js';
import { toChatTurn } from './openai-turns.mapping.js';
import type { OpenAICommonFieldsDto } from './dto/openai-common-fields.dto.js';
import type { TextCompletionRequestDto } from './dto/text-completion-request.dto.js';

/**
 * What a streamed request asks of the stream: `stream_options.include_usage` must be a boolean when sent; `n`
 * above 1 cannot be streamed (the stream core carries one choice), refused before any upstream request.
 */
export function streamSettings(dto: OpenAICommonFieldsDto): { includeUsage: boolean } {
  if (dto.n !== null && dto.n !== undefined && dto.n > 1) {
    throw ApiError.invalid("Invalid 'n': only 1 is supported with 'stream': true.", 'n');
  }
  const includeUsage = dto.stream_options?.include_usage ?? null;
  if (includeUsage !== null && typeof includeUsage !== 'boolean') {
    throw ApiError.invalid("Invalid 'stream_options.include_usage': must be a boolean.", 'stream_options.include_usage');
  }
  return { includeUsage: includeUsage === true };
}

/** Tools, tool_choice, parallel_tool_calls and response_format in the gateway's terms (null: not set). */
function agentFields(dto: ChatCompletionRequestDto): Omit<CompletionRequest, 'messages'> {
  const tools: ToolDefinition[] = (dto.tools ?? []).map(({ function: fn }) => ({
    name: fn.name,
    ...(fn.description === undefined ? {} : { description: fn.description }),
    ...(fn.parameters === undefined ? {} : { parameters: fn.parameters }),
    ...(fn.strict === undefined || fn.strict === null ? {} : { strict: fn.strict }),
  }));
  const choice = dto.tool_choice;
  // `none` without tools asks for nothing (clients send it by default); every other choice needs tools.
  const toolChoice: ToolChoice | undefined =
    choice === null || choice === undefined || (choice === 'none' && tools.length === 0) ? undefined : typeof choice === 'string' ? (choice as ToolChoice) : { name: choice.function.name };
  const format = dto.response_format;
  const responseFormat: ResponseFormat | undefined =
    format === null || format === undefined
      ? undefined
      : format.type === 'json_schema'
        ? { type: 'json_schema', ...withoutNulls(format.json_schema!) }
        : { type: format.type };
  return {
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(dto.parallel_tool_calls === null || dto.parallel_tool_calls === undefined ? {} : { parallel_tool_calls: dto.parallel_tool_calls }),
    ...(responseFormat === undefined ? {} : { response_format: responseFormat }),
  };
}

function withoutNulls(schema: JsonSchemaDto): { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean } {
  const { name, description, schema: body, strict } = schema;
  return { name, ...(description === undefined ? {} : { description }), ...(body === undefined ? {} : { schema: body }), ...(strict === undefined || strict === null ? {} : { strict }) };
}

/** The parameters both endpoints share, in the gateway's terms; null is "not set", n = 1 is the default. */
function commonParameters(dto: OpenAICommonFieldsDto, maxTokens: number | null | undefined): Omit<CompletionRequest, 'messages'> {
  return {
    max_tokens: maxTokens ?? undefined,
    temperature: dto.temperature ?? undefined,
    top_p: dto.top_p ?? undefined,
    stop: typeof dto.stop === 'string' ? [dto.stop] : (dto.stop ?? undefined),
    n: dto.n !== null && dto.n !== undefined && dto.n > 1 ? dto.n : undefined,
    user: dto.user ?? undefined,
  };
}

export function fromChatRequest(dto: ChatCompletionRequestDto): CompletionRequest {
  return { messages: dto.messages.map(toChatTurn), ...agentFields(dto), ...commonParameters(dto, dto.max_completion_tokens ?? dto.max_tokens) };
}

/** The legacy prompt becomes one user message, as REST's does. */
export function fromTextRequest(dto: TextCompletionRequestDto): CompletionRequest {
  const prompt = Array.isArray(dto.prompt) ? dto.prompt[0] : dto.prompt;
  return { messages: [{ role: 'user', content: prompt }], ...commonParameters(dto, dto.max_tokens) };
}
