// Public types of the upstream simulator. Re-exported from upstream-simulator.ts,
// which is the module gateway tests import.

/** Which upstream API a request was addressed to. */
export type Route = 'openai' | 'anthropic';

export interface ScriptedReply {
  status?: number;                    // default 200
  body?: unknown;                     // JSON body to send instead of the default one (object → JSON)
  rawBody?: string;                   // raw bytes to send (e.g. malformed JSON)
  unsized?: boolean;                  // send rawBody without content-length, in 64 KiB writes (chunked on HTTP/1.1)
  headers?: Record<string, string>;   // extra response headers, e.g. {'retry-after': '1'}
  delayMs?: number;                   // wait before answering (abortable: if the client closes, stop)
  reset?: boolean;                    // destroy the socket without answering (h2: reset the stream)
  hang?: boolean;                     // never answer (until the client closes or the simulator stops)
  malformed?: boolean;                // answer 200 application/json with a body that is not valid JSON
  cutAfterBytes?: number;             // promise the whole body (Content-Length), send only its first N bytes, then close the connection
  text?: string;                      // generated text for the default success body
  finishReason?: string;              // OpenAI finish_reason or Anthropic stop_reason for the default body
  usage?: { input: number; output: number };
  streamChunks?: string[];            // for stream:true requests: the text pieces to send, one event each
  chunkDelayMs?: number;              // delay between SSE events
  streamError?: { type: string; message: string }; // sent after the chunks instead of the normal ending
  /** OpenAI streams: no usage chunk even when include_usage asks for one (as many compatible servers do). */
  omitStreamUsage?: boolean;
  /** For stream:true requests: after `afterPieces` text events, fail instead of going on (see StreamFault). */
  streamFault?: StreamFault;
  /**
   * Answer by calling these tools (after `text`, if any): OpenAI `tool_calls` / finish_reason `tool_calls`,
   * Anthropic `tool_use` blocks / stop_reason `tool_use`; streamed in each API's own fragments.
   */
  toolCalls?: ScriptedToolCall[];
  /**
   * Answer with this structured value: OpenAI-format upstreams as the message content (JSON text); Anthropic, when
   * the request forces a tool (`tool_choice: {type: 'tool'}`), as that tool's call input, else as JSON text.
   */
  json?: unknown;
}

/** One tool call to answer with; `id` defaults to a fresh `call_…` / `toolu_…`, `arguments` may be an object. */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments?: string | Record<string, unknown>;
}

/**
 * A stream failing mid-way: `cut` resets the connection, `truncate` ends the response cleanly without the
 * terminal events, `malformed` sends an event whose data is not JSON, `stall` goes silent (until the client
 * closes), `error` sends the provider's error event (`error` or a default overloaded error).
 */
export interface StreamFault {
  afterPieces: number;
  kind: 'cut' | 'truncate' | 'malformed' | 'stall' | 'error';
  error?: { type: string; message: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Request headers, lower-cased; HTTP/2 pseudo-headers (":path" …) are left out. */
  headers: Record<string, string | string[] | undefined>;
  body: unknown;          // parsed JSON or undefined if unparsable
  rawBody: string;
  httpVersion: string;    // '1.1' or '2.0'
  connectionId: number;   // which TCP/TLS connection it came on (1-based, increasing)
  receivedAt: number;     // Date.now()
  clientClosed: boolean;  // true if the client closed the connection/stream before the response finished
  /** Addition: the route the path matched, undefined for 404s. */
  route?: Route;
}

export interface SimulatorOptions {
  port?: number;          // default 0 (free port), host 127.0.0.1
  /** Serve HTTP/2 over TLS with HTTP/1.1 fallback (ALPN). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  openaiKey?: string;     // when set, OpenAI routes require `authorization: Bearer <openaiKey>`
  anthropicKey?: string;  // when set, Anthropic routes require `x-api-key: <anthropicKey>`
  latencyMs?: number;     // default delay for every reply
}
