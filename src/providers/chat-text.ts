import type { ChatTurn } from './chat-types.js';

/** A turn's text for logs and prompts (LOG_PAYLOADS): text parts on their own lines, images and tool calls left out. */
export function turnText(turn: ChatTurn): string {
  const { content } = turn;
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

/** The whole conversation's text, one turn per line (the request log's `prompt`). */
export const conversationText = (turns: readonly ChatTurn[]): string => turns.map(turnText).join('\n');

/** How many image parts a conversation carries (the request log's `images`). */
export const imageCount = (turns: readonly ChatTurn[]): number =>
  turns.reduce((count, turn) => count + (Array.isArray(turn.content) ? turn.content.filter((part) => part.type === 'image').length : 0), 0);
