import { errorResponse } from '../common/error-response.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import type { SseEncoder } from '../completions/streaming/sse-body.js';
import type { ToolCallDelta } from '../providers/chat-types.js';
import type { ServerSentEvent, StreamDelta } from '../providers/stream-transform.js';
import { toAnthropicError } from './anthropic-error.js';
import { anthropicUsage, messageId, stopReason } from './anthropic-response.mapping.js';

/** A delta as the streaming core hands it over; `tool_call` is set by providers that stream tool calls. */
type Delta = StreamDelta & { tool_call?: ToolCallDelta };

/** One named SSE event, as Anthropic writes them. */
export function eventFrame(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** An upstream event relayed as it came. */
const relayed = (raw: ServerSentEvent): string => `${raw.event === undefined ? '' : `event: ${raw.event}\n`}data: ${raw.data}\n\n`;

/**
 * Anthropic's stream for a translated answer: message_start and ping before the first content; one content
 * block per text run and per tool call (each tool call its own `tool_use` block, its arguments as
 * `input_json_delta` fragments, none dropped); the block closed when the next starts; at the end message_delta
 * with the stop reason and the usage, then message_stop. Pass-through deltas (`raw`) are relayed unchanged. A
 * failure after the start is an `error` event, as Anthropic sends it.
 */
export function anthropicStreamEncoder(stream: CompletionStream): SseEncoder {
  let opened = false;
  let blocks = 0;
  let open: { index: number; kind: 'text' | 'tool' } | undefined;
  const toolBlocks = new Map<number, number>();

  const start = (): string => {
    if (opened) return '';
    opened = true;
    const message = { id: messageId(), type: 'message', role: 'assistant', model: stream.model, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(undefined) };
    return eventFrame('message_start', { message }) + eventFrame('ping', {});
  };
  const close = (): string => {
    if (!open) return '';
    const frame = eventFrame('content_block_stop', { index: open.index });
    open = undefined;
    return frame;
  };
  const begin = (kind: 'text' | 'tool', block: Record<string, unknown>): string => {
    const frames = close();
    open = { index: blocks++, kind };
    return frames + eventFrame('content_block_start', { index: open.index, content_block: block });
  };
  const text = (piece: string): string => {
    const frames = open?.kind === 'text' ? '' : begin('text', { type: 'text', text: '' });
    return frames + eventFrame('content_block_delta', { index: open!.index, delta: { type: 'text_delta', text: piece } });
  };
  const tool = (call: ToolCallDelta): string => {
    let frames = '';
    if (!toolBlocks.has(call.index)) {
      frames = begin('tool', { type: 'tool_use', id: call.id ?? '', name: call.name ?? '', input: {} });
      toolBlocks.set(call.index, open!.index);
    }
    if (call.arguments) frames += eventFrame('content_block_delta', { index: toolBlocks.get(call.index), delta: { type: 'input_json_delta', partial_json: call.arguments } });
    return frames;
  };
  const end = (delta: Delta): string =>
    close() + eventFrame('message_delta', { delta: { stop_reason: stopReason(delta.finish_reason), stop_sequence: null }, usage: anthropicUsage(delta.usage) }) + eventFrame('message_stop', {});

  return {
    delta: (delta: Delta) => {
      if (delta.raw) return relayed(delta.raw);
      let frames = start();
      if (delta.text) frames += text(delta.text);
      if (delta.tool_call) frames += tool(delta.tool_call);
      if (delta.finish_reason !== undefined) frames += end(delta);
      return frames;
    },
    done: () => '',
    failure: (error) => eventFrame('error', { error: toAnthropicError(errorResponse(error, '').error).error }),
  };
}
