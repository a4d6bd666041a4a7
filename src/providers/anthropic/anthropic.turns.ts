import { ApiError } from '../../common/api-error.js';
import type { ChatMessage } from '../provider-definition.js';

/** One Messages API turn: a string for one message, text blocks when consecutive messages of a role were joined. */
export interface AnthropicTurn {
  role: 'user' | 'assistant';
  content: string | { type: 'text'; text: string }[];
}

/**
 * A Chat Completions conversation in the Messages API's terms (docs/openai-compatible.md, "Anthropic"):
 * - system messages, wherever they stand, become the top-level `system`, joined by a blank line, in order;
 * - consecutive messages of one role become one turn of text blocks (what the API itself would do, made explicit);
 * - the first turn must be the user's: a conversation opening with the assistant is refused (400 naming the
 *   message), as is one with no user or assistant message at all;
 * - a last assistant turn is a prefill the model continues; the API refuses trailing whitespace there, so it is cut.
 */
export function toAnthropicTurns(messages: readonly ChatMessage[]): { system?: string; turns: AnthropicTurn[] } {
  const system: string[] = [];
  const turns: { role: 'user' | 'assistant'; texts: string[] }[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      system.push(message.content);
      return;
    }
    const last = turns.at(-1);
    if (last === undefined && message.role === 'assistant') {
      throw ApiError.invalid(
        `Invalid 'messages[${index}]': this model's provider needs the conversation to start with a user message.`,
        `messages[${index}]`,
      );
    }
    if (last?.role === message.role) last.texts.push(message.content);
    else turns.push({ role: message.role, texts: [message.content] });
  });
  if (turns.length === 0) throw ApiError.invalid("Invalid 'messages': this model's provider needs at least one user message.", 'messages');
  const final = turns.at(-1)!;
  if (final.role === 'assistant') final.texts[final.texts.length - 1] = final.texts.at(-1)!.trimEnd();
  return {
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    turns: turns.map(({ role, texts }) => ({
      role,
      content: texts.length === 1 ? texts[0]! : texts.map((text) => ({ type: 'text' as const, text })),
    })),
  };
}
