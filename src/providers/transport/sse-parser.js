import { createParser } from 'eventsource-parser';
/**
 * The events of an upstream `text/event-stream` body, as they arrive: one array per body chunk that completed at
 * least one event (events that came together are passed on together, so they can be written to the client in one
 * write). Parsing follows the WHATWG rules through
 * `eventsource-parser` (line endings, multi-line data, comments, fields split across chunks); UTF-8 is decoded in
 * stream mode, so a character split between two chunks survives. At most `maxBytes` are read in total: past that
 * `tooLarge()` is thrown (the caller abandons the body). Errors of the body itself (reset, abort) pass through.
 */
export async function* serverSentEvents(chunks, maxBytes, tooLarge) {
    const decoder = new TextDecoder('utf-8');
    let ready = [];
    const parser = createParser({
        onEvent: ({ event, data }) => {
            ready.push(event === undefined ? { data } : { event, data });
        },
    });
    let size = 0;
    for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes)
            throw tooLarge();
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (ready.length === 0)
            continue;
        const events = ready;
        ready = [];
        yield events;
    }
    // An event is dispatched by its blank line: text after the last one is an unfinished event, never delivered.
    parser.feed(decoder.decode());
    if (ready.length > 0)
        yield ready;
}
