import type { TokenUsage } from './provider-definition.js';

/** One server-sent event of an upstream stream, as the SSE parser hands it over. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/** What one upstream event means for the client: text to append, and at the end a finish reason and usage. */
export interface StreamDelta {
  text?: string;
  finish_reason?: string;
  usage?: TokenUsage;
}

/**
 * A provider's streaming support, for the streaming issue (issue 9): the same request with the fields that ask
 * for a stream, and a parser per stream. No definition implements it yet; the slot is optional so that a
 * provider without it is refused streaming rather than faked.
 */
export interface StreamTransform {
  /** The request body with the provider's streaming fields added (e.g. `stream: true`). */
  streamingBody(body: Record<string, unknown>): Record<string, unknown>;
  /**
   * A stateful parser for one stream: each event becomes zero or more deltas. An error event throws an
   * UpstreamError, so a failure after the first event is never a silent truncation.
   */
  createParser(): (event: ServerSentEvent) => StreamDelta[];
}
