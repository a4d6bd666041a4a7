import { ApiError } from '../common/api-error.js';
import type { ChatMessage, CompletionRequest } from '../providers/provider-definition.js';
import type { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import type { ChatMessageDto } from './dto/chat-message.dto.js';
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

/** `developer` is OpenAI's newer name for `system`; text parts are joined as OpenAI joins them (no separator). */
export function toChatMessage(message: ChatMessageDto): ChatMessage {
  const content = typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join('');
  return { role: message.role === 'developer' ? 'system' : message.role, content };
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
  return { messages: dto.messages.map(toChatMessage), ...commonParameters(dto, dto.max_completion_tokens ?? dto.max_tokens) };
}

/** The legacy prompt becomes one user message, as REST's does. */
export function fromTextRequest(dto: TextCompletionRequestDto): CompletionRequest {
  const prompt = Array.isArray(dto.prompt) ? dto.prompt[0] : dto.prompt;
  return { messages: [{ role: 'user', content: prompt }], ...commonParameters(dto, dto.max_tokens) };
}
