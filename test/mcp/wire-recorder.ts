import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { serverMessageProblems, type Era } from './mcp-schemas.js';

/** One message the server sent, with the HTTP status it came under (stdio: 0). */
export interface ServerMessage {
  message: unknown;
  status: number;
}

function messagesIn(text: string, contentType: string | null): unknown[] {
  if (text.trim() === '') return [];
  if (contentType?.startsWith('text/event-stream')) {
    // SSE: events are separated by a blank line; an event's data is its data: lines joined (comments are pings).
    return text
      .split(/\r?\n\r?\n/)
      .map((event) =>
        event
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n'),
      )
      .filter((data) => data !== '')
      .map((data) => JSON.parse(data) as unknown);
  }
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? parsed : [parsed];
}

/**
 * Records every message the server sends to one client, exactly as it came over the wire, and the method of every
 * request the client sent, so each response can be checked against the result type of its request.
 */
export class WireRecorder {
  readonly received: ServerMessage[] = [];
  /** Methods of every request and notification the client sent, in order. */
  readonly sentMethods: string[] = [];
  private readonly methodById = new Map<string, string>();
  private readonly pending: Promise<void>[] = [];

  /** `transportFetch` is what actually goes over the wire (Node's fetch unless a test brings its own). */
  constructor(private readonly transportFetch: typeof fetch = fetch) {}

  /** A fetch for StreamableHTTPClientTransport that tees every response body into the record. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (typeof init?.body === 'string') this.noteSent(JSON.parse(init.body) as unknown);
    const response = await this.transportFetch(input, init);
    if (response.body === null) return response;
    const [mine, theirs] = response.body.tee();
    const type = response.headers.get('content-type');
    this.pending.push(
      new Response(mine)
        .text()
        .then((text) => {
          for (const message of messagesIn(text, type)) this.received.push({ message, status: response.status });
        })
        // A stream the client cancelled on purpose (a cancelled call) ends here with an error: nothing more came.
        .catch(() => undefined),
    );
    return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  noteSent(message: unknown): void {
    for (const item of Array.isArray(message) ? message : [message]) {
      const record = item as Record<string, unknown>;
      if (typeof record.method !== 'string') continue;
      this.sentMethods.push(record.method);
      if (record.id !== undefined) this.methodById.set(JSON.stringify(record.id), record.method);
    }
  }

  noteReceived(message: unknown, status = 0): void {
    this.received.push({ message, status });
  }

  /** Wraps a transport (stdio) so what it sends and receives is recorded. */
  attach<T extends Transport>(transport: T): T {
    const send = transport.send.bind(transport);
    transport.send = (message: JSONRPCMessage, options) => {
      this.noteSent(message);
      return send(message, options);
    };
    let handler: Transport['onmessage'];
    Object.defineProperty(transport, 'onmessage', {
      configurable: true,
      get: () => handler,
      set: (next: Transport['onmessage']) => {
        handler =
          next &&
          ((message: JSONRPCMessage, extra) => {
            this.noteReceived(message);
            next(message, extra);
          });
      },
    });
    return transport;
  }

  /** Waits until every response body received so far has been read to its end. */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** Every schema problem of every message received so far (waits for response bodies still being read). */
  async problems(era: Era): Promise<string[]> {
    await this.settled();
    return this.received.flatMap(({ message }) => {
      const id = (message as Record<string, unknown> | null)?.id;
      const method = id === undefined ? undefined : this.methodById.get(JSON.stringify(id));
      return serverMessageProblems(era, message, method);
    });
  }
}
