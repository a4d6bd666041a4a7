import { ApiError } from '../common/api-error.js';
import type { ChatTurn } from '../providers/chat-types.js';
import type { ChatMessage, CompletionRequest } from '../providers/provider-definition.js';
import type { TranslatedMessages } from './anthropic-request.mapping.js';

/** Text of a turn's content; parts other than text cannot go through the text-only provider layer. */
function textOf(turn: ChatTurn, index: number): string {
  const content = turn.content;
  if (content === null) throw ApiError.invalid(`messages.${index}: tool calls are not supported yet.`, 'messages');
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type !== 'text') throw ApiError.invalid(`messages.${index}: images are not supported yet.`, 'messages');
    return part.text;
  }).join('\n');
}

/** The translated request in the provider layer's terms. */
export function gatewayRequest(translated: TranslatedMessages): CompletionRequest {
  const { messages, tools, tool_choice: choice, parallel_tool_calls: parallel, ...params } = translated;
  if (tools !== undefined || choice !== undefined || parallel !== undefined) throw ApiError.invalid('tools: not supported yet.', 'tools');
  const chat: ChatMessage[] = messages.map((turn, index) => {
    if (turn.role === 'tool') throw ApiError.invalid(`messages.${index}: tool results are not supported yet.`, 'messages');
    return { role: turn.role, content: textOf(turn, index) };
  });
  return { messages: chat, ...params };
}
