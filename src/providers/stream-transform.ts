import type { ToolCallDelta } from './chat-types.js';
import type { CompletionRequest, TokenUsage } from './provider-definition.js';

/** One server-sent event of an upstream stream, as the SSE parser hands it over. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/**
 * What one upstream event means for the client: text to append, a fragment of a tool call (chat-types.ts:
 * `index` counts tool calls), or (once, last) the finish reason and the usage when the upstream reported it. A parser emits the finish reason only on the stream's terminal event (OpenAI's
 * `[DONE]`, Anthropic's `message_stop`), so a stream that ends without one is known to be cut.
 */
export interface StreamDelta {
  text?: string;
  tool_call?: ToolCallDelta;
  finish_reason?: string;
  usage?: TokenUsage;
  /** A pass-through stream's upstream event, relayed to the client as sent (passthrough.ts). */
  raw?: ServerSentEvent;
}

/**
 * An error the upstream reported inside its stream (Anthropic's `error` event, an OpenAI chunk holding `error`):
 * `status` is the HTTP status the same failure has as a plain answer (it decides retries and the gateway's
 * status), `kind` the provider's error type, `providerMessage` its text (cut and redacted by the caller).
 */
export class StreamEventError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string | undefined,
    readonly providerMessage: string | undefined,
  ) {
    super(providerMessage ?? kind ?? 'stream error event');
    this.name = 'StreamEventError';
  }
}

/** An event the parser cannot read (not JSON, wrong shape, a terminal event without a finish reason). */
export class MalformedStreamEvent extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'MalformedStreamEvent';
  }
}

/**
 * A provider's streaming support (docs/streaming.md): the same request with the fields that ask for a stream, and
 * a parser per stream. The slot is optional so that a provider without it is refused streaming rather than faked.
 */
export interface StreamTransform {
  /** The request body with the provider's streaming fields added (e.g. `stream: true`). */
  streamingBody(body: Record<string, unknown>): Record<string, unknown>;
  /**
   * A stateful parser for one stream: each event becomes zero or more deltas. It throws StreamEventError on an
   * error event and MalformedStreamEvent on an unreadable one, so a failure is never a silent truncation.
   * `request` is what was asked (as for `readResult`).
   */
  createParser(request: CompletionRequest): (event: ServerSentEvent) => StreamDelta[];
}
