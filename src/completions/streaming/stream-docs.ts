import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** What a streamed POST /v1/complete looks like on the wire (docs/streaming.md). */
export const COMPLETE_SSE_EXAMPLE = [
  'data: {"id":"cmpl-9f2c","model":"gpt-4o","served_by":"gpt-4o","choices":[{"text":"The ocean","finish_reason":null}]}',
  'data: {"id":"cmpl-9f2c","model":"gpt-4o","served_by":"gpt-4o","choices":[{"text":" whispers","finish_reason":null}]}',
  'data: {"id":"cmpl-9f2c","model":"gpt-4o","served_by":"gpt-4o","choices":[{"text":"","finish_reason":"stop"}],'
    + '"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}',
  'data: [DONE]',
  '',
  '',
].join('\n\n');

/**
 * The 200 of an operation answering JSON `{success: true, data: <model>}`, or with `"stream": true` an SSE stream
 * (its events described in the text, with an example).
 */
export function ApiEnvelopeOrStreamResponse(model: Type<unknown>, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: 200,
      description: `${description} With \`"stream": true\`: \`text/event-stream\`, one \`data:\` event per piece of text `
        + '(`choices[0].finish_reason` null), a last event with `finish_reason` and `usage` (null when the upstream '
        + 'reported none), then `data: [DONE]`. A failure after the first event is one last event '
        + '`{"success": false, "error": {...}}` (the error envelope) and no `[DONE]`; `: keep-alive` comments '
        + 'come while the upstream is silent.',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['success', 'data'],
            properties: { success: { type: 'boolean', enum: [true] }, data: { $ref: getSchemaPath(model) } },
          },
        },
        'text/event-stream': { schema: { type: 'string' }, example: COMPLETE_SSE_EXAMPLE },
      },
    }),
  );
}
