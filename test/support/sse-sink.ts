import { Writable } from 'node:stream';

/** What sseBody() returns, by its shape (test/support does not import src/). */
interface Pipeable {
  pipe(destination: Writable): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * A response stand-in for unit specs of a pipeable SSE body: it records every write (`writes`) and resolves
 * `text` once the body ended it. `reading: false` is a client that stopped reading: no write ever completes, so
 * the body's writes soon report a full buffer and no drain follows.
 */
export function sseSink(source: Pipeable, { reading = true }: { reading?: boolean } = {}): { writes: string[]; text: Promise<string>; sink: Writable } {
  const writes: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      writes.push(String(chunk));
      if (reading) done();
    },
  });
  sink.on('error', () => undefined);
  const text = new Promise<string>((resolve) => {
    sink.once('finish', () => resolve(writes.join('')));
    source.once('close', () => setImmediate(() => resolve(writes.join(''))));
  });
  source.pipe(sink);
  return { writes, text, sink };
}
