import { createParser } from 'eventsource-parser';
import type { ServerSentEvent } from '../stream-transform.js';

/** An upstream `text/event-stream` body read chunk by chunk, synchronously (sseDecoder). */
export interface SseDecoder {
  /** The events this chunk completed (often none); throws `tooLarge()` once the body passes `maxBytes`. */
  feed(chunk: Uint8Array): ServerSentEvent[];
  /** The body ended: an event still unfinished is dropped (an event is dispatched by its blank line). */
  end(): ServerSentEvent[];
}

const NONE: ServerSentEvent[] = [];

/**
 * The events of an upstream `text/event-stream` body, chunk by chunk: the events one chunk completed are returned
 * together, so they can be written to the client in one write. Parsing follows the WHATWG rules through
 * `eventsource-parser` (line endings, multi-line data, comments, fields split across chunks); UTF-8 is decoded in
 * stream mode, so a character split between two chunks survives. At most `maxBytes` are read in total: past that
 * `tooLarge()` is thrown (the caller abandons the body). Synchronous, so the caller's own loop over the body is the
 * only async layer a chunk goes through (streams allocate the most per request: docs/benchmarks.md).
 */
export function sseDecoder(maxBytes: number, tooLarge: () => Error): SseDecoder {
  const decoder = new TextDecoder('utf-8');
  let ready: ServerSentEvent[] = NONE;
  const parser = createParser({
    onEvent: ({ event, data }) => {
      if (ready === NONE) ready = [];
      ready.push(event === undefined ? { data } : { event, data });
    },
  });
  let size = 0;
  const take = (): ServerSentEvent[] => {
    const events = ready;
    ready = NONE;
    return events;
  };
  return {
    feed(chunk) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge();
      parser.feed(decoder.decode(chunk, { stream: true }));
      return take();
    },
    end() {
      parser.feed(decoder.decode());
      return take();
    },
  };
}

/** The same events from an async body: one array per chunk that completed at least one event. */
export async function* serverSentEvents(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): AsyncGenerator<ServerSentEvent[]> {
  const decoder = sseDecoder(maxBytes, tooLarge);
  for await (const chunk of chunks) {
    const events = decoder.feed(chunk);
    if (events.length > 0) yield events;
  }
  const last = decoder.end();
  if (last.length > 0) yield last;
}
