import { ApiError } from '../common/api-error.js';
import type { ChatTurn, ResponseFormat, ToolChoice, ToolDefinition } from '../providers/chat-types.js';
import type { CompletionRequest } from '../providers/provider-definition.js';

/** A Responses request in the gateway's terms, before it becomes the providers' CompletionRequest. */
export interface ResponsesCall {
  messages: ChatTurn[];
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  user?: string;
}

const textOf = (content: ChatTurn['content'], param: string): string => {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type !== 'text') throw ApiError.invalid(`Invalid '${param}': images are not available yet.`, param);
    return part.text;
  }).join('');
};

/** The providers' request (text conversations until the provider layer takes tools). */
export function toCompletionRequest(call: ResponsesCall): CompletionRequest {
  if ((call.tools?.length ?? 0) > 0) throw ApiError.invalid("Invalid 'tools': tools are not available yet.", 'tools');
  if (call.response_format) throw ApiError.invalid("Invalid 'text.format': structured output is not available yet.", 'text.format');
  const messages = call.messages.map((turn, index) => {
    if (turn.role === 'tool') throw ApiError.invalid("Invalid 'input': function call outputs are not available yet.", 'input');
    return { role: turn.role, content: textOf(turn.content, `input[${index}]`) };
  });
  return { messages, max_tokens: call.max_tokens, temperature: call.temperature, top_p: call.top_p, user: call.user };
}
