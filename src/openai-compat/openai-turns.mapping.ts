import { ApiError } from '../common/api-error.js';
import type { ChatTurn, ContentPart, TextPart } from '../providers/chat-types.js';
import type { ContentPartDto } from './dto/chat-content-part.dto.js';
import type { ChatMessageDto } from './dto/chat-message.dto.js';

const refuse = (param: string, why: string): never => {
  throw ApiError.invalid(`Invalid '${param}': ${why}`, param);
};

function partOf(part: ContentPartDto, param: string, images: boolean): ContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text! };
  if (!images) return refuse(`${param}.type`, 'image_url parts are allowed only in user and tool messages.');
  const { url, detail } = part.image_url!;
  return { type: 'image', url, ...(detail === undefined ? {} : { detail }) };
}

/** A message's content in the gateway's terms: text stays text, parts stay parts (never joined). */
function contentOf(message: ChatMessageDto, index: number, images: true): string | ContentPart[];
function contentOf(message: ChatMessageDto, index: number, images: false): string | TextPart[];
function contentOf(message: ChatMessageDto, index: number, images: boolean): string | ContentPart[] {
  const { content } = message;
  if (content === null || content === undefined) return refuse(`messages[${index}].content`, `is required for a ${message.role} message.`);
  if (typeof content === 'string') return content;
  return content.map((part, partIndex) => partOf(part, `messages[${index}].content[${partIndex}]`, images));
}

/** Fields that belong to other roles are refused, so nothing a client sent is silently dropped. */
function onlyFor(message: ChatMessageDto, index: number): void {
  const misplaced: [keyof ChatMessageDto, boolean][] = [
    ['tool_calls', message.role !== 'assistant'],
    ['refusal', message.role !== 'assistant'],
    ['tool_call_id', message.role !== 'tool'],
    ['name', message.role === 'tool'],
  ];
  for (const [field, wrong] of misplaced) {
    if (wrong && message[field] !== undefined && message[field] !== null) refuse(`messages[${index}].${field}`, `is not allowed on a ${message.role} message.`);
  }
}

const named = (name: string | undefined): { name?: string } => (name === undefined ? {} : { name });

/**
 * One Chat Completions message as a gateway turn (chat-types.ts): `developer` is `system`; an assistant message may
 * have content null when it carries tool calls, and its `refusal` (an SDK's own `choice.message` has
 * `refusal: null`) is accepted and not sent; a tool message needs `tool_call_id`. 400 naming the field otherwise.
 */
export function toChatTurn(message: ChatMessageDto, index: number): ChatTurn {
  onlyFor(message, index);
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: contentOf(message, index, false) };
    case 'user':
      return { role: 'user', content: contentOf(message, index, true), ...named(message.name) };
    case 'tool':
      if (message.tool_call_id === undefined) return refuse(`messages[${index}].tool_call_id`, 'is required for a tool message.');
      return { role: 'tool', tool_call_id: message.tool_call_id, content: contentOf(message, index, true) };
    case 'assistant': {
      const calls = (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
      const empty = message.content === null || message.content === undefined;
      if (empty && calls.length === 0) return refuse(`messages[${index}].content`, 'is required for an assistant message without tool_calls.');
      return {
        role: 'assistant',
        content: empty ? null : contentOf(message, index, false),
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
        ...named(message.name),
      };
    }
  }
}
