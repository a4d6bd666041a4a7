import type { ToolCall } from '../providers/chat-types.js';
import type { TokenUsage } from '../providers/provider-definition.js';
import type { OutputItem, ResponseIds, ResponseObject, ResponseSettings, ResponseUsage } from './response-object.js';

/** What the model answered, in the gateway's terms: its text, its tool calls, why it stopped and the usage. */
export interface ModelAnswer {
  text: string;
  tool_calls?: readonly ToolCall[];
  finish_reason: string;
  usage?: TokenUsage;
}

/** A response being made: its ids, creation time and the settings it echoes. */
export interface ResponseHead {
  ids: ResponseIds;
  createdAt: number;
  settings: ResponseSettings;
}

/** Stopping at the token limit (or a filter) leaves the response incomplete, with OpenAI's reason. */
export function incompleteReason(finishReason: string): 'max_output_tokens' | 'content_filter' | undefined {
  if (finishReason === 'length') return 'max_output_tokens';
  if (finishReason === 'content_filter') return 'content_filter';
  return undefined;
}

export function toResponseUsage(usage: TokenUsage): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.total_tokens,
  };
}

/** The response object at any stage: in progress (no output yet), or finished with its output and usage. */
export function responseObject(head: ResponseHead, state: { status: ResponseObject['status']; output?: OutputItem[]; usage?: TokenUsage; error?: ResponseObject['error']; reason?: 'max_output_tokens' | 'content_filter'; completedAt?: number }): ResponseObject {
  return {
    id: head.ids.response,
    object: 'response',
    created_at: head.createdAt,
    status: state.status,
    completed_at: state.status === 'completed' ? (state.completedAt ?? head.createdAt) : null,
    error: state.error ?? null,
    incomplete_details: state.reason ? { reason: state.reason } : null,
    output: state.output ?? [],
    ...(state.usage ? { usage: toResponseUsage(state.usage) } : {}),
    background: false,
    reasoning: { effort: null, summary: null },
    truncation: 'disabled',
    service_tier: 'default',
    ...head.settings,
  };
}

/**
 * A model's answer as output items: one `message` with one `output_text` part (left out when the model only
 * called tools), then one `function_call` item per call, in the model's order.
 */
export function outputItems(ids: ResponseIds, answer: ModelAnswer): OutputItem[] {
  const status = incompleteReason(answer.finish_reason) ? 'incomplete' : 'completed';
  const calls = answer.tool_calls ?? [];
  const items: OutputItem[] = [];
  if (answer.text !== '' || calls.length === 0) {
    items.push({ type: 'message', id: ids.item('msg', 0), status, role: 'assistant', content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }] });
  }
  for (const call of calls) {
    items.push({ type: 'function_call', id: ids.item('fc', items.length), call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' });
  }
  return items;
}

/** The finished response object of a JSON (not streamed) answer. */
export function finishedResponse(head: ResponseHead, answer: ModelAnswer, completedAt: number): ResponseObject {
  const reason = incompleteReason(answer.finish_reason);
  return responseObject(head, { status: reason ? 'incomplete' : 'completed', output: outputItems(head.ids, answer), usage: answer.usage, reason, completedAt });
}
