import { createParser } from 'eventsource-parser';

/** One thing read from an SSE response: an event's data or a comment, with when it arrived. */
export interface SseItem {
  kind: 'data' | 'comment';
  text: string;
  at: number;
}

/**
 * Reads an SSE response to its end (or until the connection fails), keeping events and comments in order with
 * their arrival times. `onItem` may abort the request (the reading then stops).
 */
export async function readSse(response: Response, onItem?: (item: SseItem, items: SseItem[]) => void): Promise<SseItem[]> {
  const items: SseItem[] = [];
  const push = (item: SseItem): void => {
    items.push(item);
    onItem?.(item, items);
  };
  const parser = createParser({
    onEvent: (event) => push({ kind: 'data', text: event.data, at: Date.now() }),
    onComment: (comment) => push({ kind: 'comment', text: comment.trim(), at: Date.now() }),
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  } catch {
    // An aborted or cut response: what arrived so far is the answer.
  }
  return items;
}

/** The JSON events of a stream (not [DONE], not comments). */
export function jsonEvents(items: SseItem[]): Record<string, unknown>[] {
  return items.filter((item) => item.kind === 'data' && item.text !== '[DONE]').map((item) => JSON.parse(item.text) as Record<string, unknown>);
}

/** The text of the chunk events, joined. */
export function streamedText(items: SseItem[]): string {
  return jsonEvents(items)
    .map((event) => (event.choices as { text?: string }[] | undefined)?.[0]?.text ?? '')
    .join('');
}
