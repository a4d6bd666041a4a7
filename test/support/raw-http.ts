import { connect, type Socket } from 'node:net';

/** What came back on a raw connection: everything read until the server closed it, and when. */
export interface RawExchange {
  text: string;
  /** Milliseconds from connecting to the server's close (FIN or reset). */
  closedAfterMs: number;
  /** Set when the server reset the connection instead of closing it. */
  error?: string;
}

/** An HTTP response as read off the wire: status, lower-cased headers, body text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function parseRawResponse(text: string): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: split === -1 ? '' : text.slice(split + 4) };
}

/**
 * Opens a connection, writes `data` (each string of an array after `gapMs`, a trickle when they are small), and
 * resolves when the server closes the connection, or after `giveUpMs` with the socket destroyed by the test.
 */
export function rawExchange(port: number, data: string | string[], options: { gapMs?: number; giveUpMs?: number } = {}): Promise<RawExchange> {
  const parts = Array.isArray(data) ? data : [data];
  const { gapMs = 0, giveUpMs = 10_000 } = options;
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let text = '';
    let settled = false;
    let writer: NodeJS.Timeout | undefined;
    const done = (error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(writer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ text, closedAfterMs: Date.now() - started, ...(error !== undefined && { error }) });
    };
    const giveUp = setTimeout(() => done('still open: the test gave up'), giveUpMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => done());
    socket.on('close', () => done());
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    let next = 0;
    const writeNext = (): void => {
      if (settled || socket.destroyed || next >= parts.length) return;
      socket.write(parts[next]!);
      next += 1;
      writer = setTimeout(writeNext, gapMs);
    };
    socket.once('connect', writeNext);
  });
}
