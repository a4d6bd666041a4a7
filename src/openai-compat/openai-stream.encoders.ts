import { errorResponse } from '../common/error-response.js';
import type { CompletionStream } from '../completions/streaming/completion-stream.js';
import { dataFrame, type SseEncoder } from '../completions/streaming/sse-body.js';
import type { ToolCallDelta } from '../providers/chat-types.js';
import type { StreamDelta } from '../providers/stream-transform.js';
import { toOpenAIError } from './openai-error.js';
import { CHAT_REASONS, reason, TEXT_REASONS } from './openai-response.mapping.js';

export interface OpenAIStreamOptions {
  /** `stream_options.include_usage`: every chunk carries `usage: null`, and a last `choices: []` chunk the usage. */
  includeUsage: boolean;
  /** Unix seconds, the same on every chunk (as OpenAI sends it). */
  created: number;
}

/** The stream's own id with OpenAI's prefix for the object kind, so every chunk of one stream shares it. */
const idOf = (stream: CompletionStream, prefix: string): string => `${prefix}-${stream.id.replace(/^cmpl-/, '')}`;

interface ChunkShape {
  /** The fields every chunk repeats: id, object, created, model. */
  head: Record<string, unknown>;
  /** `usage: null` on every chunk when the usage chunk was asked for (chat chunks, as OpenAI sends them). */
  nullUsage: boolean;
  /** The choices of the chunk before the first delta's (chat: the role), if any. */
  opening?: Record<string, unknown>[];
  /** The chunks for one delta, each as its choices (usually one chunk); empty sends nothing. */
  chunks(delta: StreamDelta): Record<string, unknown>[][];
}

/**
 * What both OpenAI stream kinds share: the opening chunk with the first delta (the stream has started once there
 * is one), the usage chunk (only when asked for and the upstream reported usage: no invented numbers), `[DONE]`,
 * and a failure after the start as one `{"error": {...}}` event (OpenAI's own shape, which the OpenAI SDKs throw
 * as an APIError), without `[DONE]`.
 */
function openAIEncoder(shape: ChunkShape, options: OpenAIStreamOptions): SseEncoder {
  const { head } = shape;
  // The fields every chunk repeats, serialised once: `{...head, choices, usage?}` with only the choices to write.
  const prefix = `data: ${JSON.stringify(head).slice(0, -1)},"choices":`;
  const suffix = shape.nullUsage && options.includeUsage ? ',"usage":null}\n\n' : '}\n\n';
  const frame = (choices: Record<string, unknown>[]): string => prefix + JSON.stringify(choices) + suffix;
  let opened = shape.opening === undefined;
  return {
    delta: (delta) => {
      let frames = opened ? '' : frame(shape.opening!);
      opened = true;
      for (const choices of shape.chunks(delta)) frames += frame(choices);
      if (delta.finish_reason !== undefined && options.includeUsage && delta.usage) {
        frames += dataFrame(JSON.stringify({ ...head, choices: [], usage: { ...delta.usage } }));
      }
      return frames;
    },
    done: () => dataFrame('[DONE]'),
    failure: (error) => dataFrame(JSON.stringify(toOpenAIError(errorResponse(error, '').error))),
  };
}

/**
 * `chat.completion.chunk`s as OpenAI streams them: first `delta: {role: 'assistant', content: ''}`, then one
 * `{content}` delta per piece of text, then `delta: {}` with the finish reason; `finish_reason` null until then.
 */
export function chatChunkEncoder(stream: CompletionStream, options: OpenAIStreamOptions): SseEncoder {
  const head = { id: idOf(stream, 'chatcmpl'), object: 'chat.completion.chunk', created: options.created, model: stream.model };
  const choice = (delta: Record<string, unknown>, finish: string | null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  return openAIEncoder({
    head,
    nullUsage: true,
    opening: [choice({ role: 'assistant', content: '' }, null)],
    chunks: (delta) => {
      if (delta.finish_reason !== undefined) return [[choice({}, reason(CHAT_REASONS, delta.finish_reason))]];
      if (delta.tool_call) return toolCallFragments(delta.tool_call).map((call) => [choice({ tool_calls: [call] }, null)]);
      return delta.text ? [[choice({ content: delta.text }, null)]] : [];
    },
  }, options);
}

/**
 * A tool-call fragment as OpenAI streams it: the first of a call carries index, id, type, function.name and
 * `arguments: ''` (what the SDKs' stream helpers expect to start a call), later ones index and arguments only.
 * A first fragment that already holds arguments is split in two.
 */
function toolCallFragments(call: ToolCallDelta): Record<string, unknown>[] {
  const fragments: Record<string, unknown>[] = [];
  if (call.id !== undefined) fragments.push({ index: call.index, id: call.id, type: 'function', function: { name: call.name ?? '', arguments: '' } });
  if (call.arguments) fragments.push({ index: call.index, function: { arguments: call.arguments } });
  return fragments;
}

/**
 * Legacy `text_completion` chunks: `{text, index, logprobs: null, finish_reason}` per piece of text, the last with
 * `text: ''` and the finish reason. No `usage: null` on them: CreateCompletionResponse's usage is not nullable.
 */
export function textChunkEncoder(stream: CompletionStream, options: OpenAIStreamOptions): SseEncoder {
  const head = { id: idOf(stream, 'cmpl'), object: 'text_completion', created: options.created, model: stream.model };
  const choice = (text: string, finish: string | null) => ({ text, index: 0, logprobs: null, finish_reason: finish });
  return openAIEncoder({
    head,
    nullUsage: false,
    chunks: (delta) => {
      if (delta.finish_reason !== undefined) return [[choice('', reason(TEXT_REASONS, delta.finish_reason))]];
      return delta.text ? [[choice(delta.text, null)]] : [];
    },
  }, options);
}
