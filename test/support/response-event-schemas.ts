// OpenAI's schema for each Responses stream event type: validating an event against its own schema reports its
// own problems (ResponseStreamEvent's anyOf would report every branch's complaint).
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { openAISchema } from './openapi-schemas.js';

const EVENT_SCHEMAS: Record<string, string> = {
  'response.created': 'ResponseCreatedEvent',
  'response.in_progress': 'ResponseInProgressEvent',
  'response.output_item.added': 'ResponseOutputItemAddedEvent',
  'response.content_part.added': 'ResponseContentPartAddedEvent',
  'response.output_text.delta': 'ResponseTextDeltaEvent',
  'response.output_text.done': 'ResponseTextDoneEvent',
  'response.content_part.done': 'ResponseContentPartDoneEvent',
  'response.function_call_arguments.delta': 'ResponseFunctionCallArgumentsDeltaEvent',
  'response.function_call_arguments.done': 'ResponseFunctionCallArgumentsDoneEvent',
  'response.output_item.done': 'ResponseOutputItemDoneEvent',
  'response.completed': 'ResponseCompletedEvent',
  'response.incomplete': 'ResponseIncompleteEvent',
  'response.failed': 'ResponseFailedEvent',
  error: 'ResponseErrorEvent',
};

/** The validator for one event, by its `type` (an unknown type gets the whole ResponseStreamEvent union). */
export function responseEventSchema(event: { type: string }): ValidateFunction {
  return openAISchema(EVENT_SCHEMAS[event.type] ?? 'ResponseStreamEvent');
}
