import { errorResponse } from '../common/error-response.js';
import type { SseEncoder } from '../completions/streaming/sse-body.js';
import type { ToolCallDelta } from '../providers/chat-types.js';
import type { StreamDelta } from '../providers/stream-transform.js';
import { toOpenAIError } from '../openai-compat/openai-error.js';
import type { FunctionCallItem, OutputItem, OutputMessageItem, ResponseObject } from './response-object.js';
import { incompleteReason, responseObject, type ResponseHead } from './response-object.mapping.js';


/** One named SSE event, as OpenAI sends Responses events (`event:` line and the JSON with the same `type`). */
const eventFrame = (event: Record<string, unknown> & { type: string }): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

const textPart = (text: string) => ({ type: 'output_text' as const, text, annotations: [] as never[], logprobs: [] as never[] });

/**
 * The gateway's stream deltas as OpenAI's Responses event sequence, each with its `sequence_number`:
 * `response.created`, `response.in_progress`, then per output item `output_item.added`, its content events
 * (`content_part.added`, `output_text.delta`… or `function_call_arguments.delta`…), their `.done` events and
 * `output_item.done`, and at the end `response.completed` (or `response.incomplete` at the token limit). A
 * failure after the start is `response.failed` and an `error` event, never a silent end. `onFinished` receives
 * the final response object (for the store).
 */
export function responseEventsEncoder(head: ResponseHead, onFinished: (response: ResponseObject) => void, now: () => number): SseEncoder {
  let sequence = 0;
  let opened = false;
  let open: number | undefined;
  const output: OutputItem[] = [];
  const byToolIndex = new Map<number, number>();
  const emit = (event: Record<string, unknown> & { type: string }): string => eventFrame({ ...event, sequence_number: sequence++ });
  const inProgress = (): ResponseObject => responseObject(head, { status: 'in_progress', output: [] });

  const start = (): string => {
    if (opened) return '';
    opened = true;
    return emit({ type: 'response.created', response: inProgress() }) + emit({ type: 'response.in_progress', response: inProgress() });
  };

  /** Ends the open item with its `.done` events. */
  const close = (status: 'completed' | 'incomplete'): string => {
    if (open === undefined) return '';
    const index = open;
    const item = output[index]!;
    open = undefined;
    item.status = status;
    let frames = '';
    if (item.type === 'message') {
      const part = item.content[0]!;
      frames += emit({ type: 'response.output_text.done', item_id: item.id, output_index: index, content_index: 0, text: part.text, logprobs: [] });
      frames += emit({ type: 'response.content_part.done', item_id: item.id, output_index: index, content_index: 0, part });
    } else {
      frames += emit({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, name: item.name, arguments: item.arguments });
    }
    return frames + emit({ type: 'response.output_item.done', output_index: index, item });
  };

  const openMessage = (): string => {
    if (open !== undefined && output[open]!.type === 'message') return '';
    let frames = close('completed');
    const index = output.length;
    const item: OutputMessageItem = { type: 'message', id: head.ids.item('msg', index), status: 'in_progress', role: 'assistant', content: [] };
    output.push(item);
    open = index;
    frames += emit({ type: 'response.output_item.added', output_index: index, item: { ...item, content: [] } });
    item.content.push(textPart(''));
    return frames + emit({ type: 'response.content_part.added', item_id: item.id, output_index: index, content_index: 0, part: textPart('') });
  };

  const text = (delta: string): string => {
    let frames = openMessage();
    const item = output[open!] as OutputMessageItem;
    item.content[0]!.text += delta;
    frames += emit({ type: 'response.output_text.delta', item_id: item.id, output_index: open, content_index: 0, delta, logprobs: [] });
    return frames;
  };

  const toolCall = (delta: ToolCallDelta): string => {
    let frames = '';
    let index = byToolIndex.get(delta.index);
    if (index === undefined) {
      frames += close('completed');
      index = output.length;
      const item: FunctionCallItem = { type: 'function_call', id: head.ids.item('fc', index), call_id: delta.id ?? `call_${head.ids.item('fc', index).slice(3)}`, name: delta.name ?? '', arguments: '', status: 'in_progress' };
      output.push(item);
      byToolIndex.set(delta.index, index);
      open = index;
      frames += emit({ type: 'response.output_item.added', output_index: index, item: { ...item } });
    }
    const item = output[index] as FunctionCallItem;
    if (delta.arguments) {
      item.arguments += delta.arguments;
      frames += emit({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index, delta: delta.arguments });
    }
    return frames;
  };

  const finish = (delta: StreamDelta): string => {
    const reason = incompleteReason(delta.finish_reason!);
    let frames = output.length === 0 ? openMessage() : '';
    frames += close(reason ? 'incomplete' : 'completed');
    const response = responseObject(head, { status: reason ? 'incomplete' : 'completed', output, usage: delta.usage, reason, completedAt: now() });
    onFinished(response);
    return frames + emit({ type: reason ? 'response.incomplete' : 'response.completed', response });
  };

  return {
    delta: (delta: StreamDelta) => {
      let frames = start();
      if (delta.text) frames += text(delta.text);
      if (delta.tool_call) frames += toolCall(delta.tool_call);
      if (delta.finish_reason !== undefined) frames += finish(delta);
      return frames;
    },
    done: () => '',
    failure: (error) => {
      const { error: body } = toOpenAIError(errorResponse(error, '').error);
      const failed = responseObject(head, { status: 'failed', output, error: { code: 'server_error', message: body.message } });
      return start() + emit({ type: 'response.failed', response: failed }) + emit({ type: 'error', code: body.code ?? body.type, message: body.message, param: body.param });
    },
  };
}
