import { errorResponse } from '../../common/error-response.js';
import type { StreamDelta } from '../../providers/stream-transform.js';
import type { CompletionStream } from './completion-stream.js';
import { dataFrame, type SseEncoder } from './sse-body.js';

/**
 * POST /v1/complete's stream (docs/streaming.md): `{id, model, served_by, choices: [{text, finish_reason: null}]}`
 * per delta; the last event has `finish_reason` and `usage` (null when the upstream reported none); then
 * `[DONE]`. A failure after the start is one `{success: false, error}` event, the envelope's error with the
 * request id, and no `[DONE]`.
 */
export function completeSseEncoder(stream: CompletionStream, requestId: string): SseEncoder {
  const head = { id: stream.id, model: stream.model, served_by: stream.servedBy };
  return {
    delta: (delta: StreamDelta) => {
      if (delta.finish_reason !== undefined) {
        return dataFrame(JSON.stringify({ ...head, choices: [{ text: '', finish_reason: delta.finish_reason }], usage: delta.usage ?? null }));
      }
      if (delta.text === undefined || delta.text === '') return '';
      return dataFrame(JSON.stringify({ ...head, choices: [{ text: delta.text, finish_reason: null }] }));
    },
    done: () => dataFrame('[DONE]'),
    failure: (error: unknown) => dataFrame(JSON.stringify(errorResponse(error, requestId).body)),
  };
}
