import type { ContentPart } from '../providers/chat-types.js';
import type { CompletionRequest } from '../providers/provider-definition.js';

/** The estimate's rule of thumb: about four characters of English text per token. */
export const CHARS_PER_TOKEN = 4;
/** What one image counts for in the estimate (a mid-sized image on either provider). */
export const IMAGE_TOKENS = 1000;

const partsLength = (content: string | readonly ContentPart[] | null): { chars: number; images: number } => {
  if (content === null) return { chars: 0, images: 0 };
  if (typeof content === 'string') return { chars: content.length, images: 0 };
  return content.reduce((sum, part) => (part.type === 'text' ? { ...sum, chars: sum.chars + part.text.length } : { ...sum, images: sum.images + 1 }), { chars: 0, images: 0 });
};

/**
 * An estimate of a request's input tokens for models whose provider cannot count them (docs/anthropic-compatible.md,
 * "count_tokens"): the characters of every text, tool call and tool definition over CHARS_PER_TOKEN, images at
 * IMAGE_TOKENS each. Good for budgeting a context window, not for billing.
 */
export function estimateInputTokens(request: CompletionRequest): number {
  let chars = 0;
  let images = 0;
  for (const turn of request.messages) {
    const { chars: c, images: i } = partsLength(turn.content);
    chars += c;
    images += i;
    if (turn.role === 'assistant') for (const call of turn.tool_calls ?? []) chars += call.name.length + call.arguments.length;
  }
  for (const tool of request.tools ?? []) chars += JSON.stringify(tool).length;
  return Math.ceil(chars / CHARS_PER_TOKEN) + images * IMAGE_TOKENS;
}
