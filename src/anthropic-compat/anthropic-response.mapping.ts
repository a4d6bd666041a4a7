import { isRecord, parseJson } from '../common/json.js';
import type { ToolCall } from '../providers/chat-types.js';
import type { CompletionResult, TokenUsage } from '../providers/provider-definition.js';
import { malformed } from '../providers/upstream-errors.js';
import { randomHex128 } from '../common/random-hex.js';

/** The gateway's finish reasons (OpenAI's vocabulary) as Anthropic's stop_reason; anything else ends the turn. */
const STOP_REASONS: Readonly<Record<string, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

export const stopReason = (finish: string | undefined): string => STOP_REASONS[finish ?? ''] ?? 'end_turn';

export const messageId = (): string => `msg_${randomHex128()}`;

export const anthropicUsage = (usage: TokenUsage | undefined): { input_tokens: number; output_tokens: number } => ({
  input_tokens: usage?.prompt_tokens ?? 0,
  output_tokens: usage?.completion_tokens ?? 0,
});

/** A tool call's arguments as the `input` object Anthropic sends; empty arguments are `{}`, bad JSON a 502. */
export function toolInput(call: ToolCall, provider: string): Record<string, unknown> {
  if (call.arguments.trim() === '') return {};
  const input = parseJson(call.arguments);
  if (!isRecord(input)) throw malformed(provider, `the arguments of tool call '${call.id}' are not a JSON object`);
  return input;
}

/** An Anthropic `message` for a translated answer: the text block, then one `tool_use` block per call. */
export function toAnthropicMessage(model: string, result: CompletionResult, provider: string): Record<string, unknown> {
  const calls = result.tool_calls ?? [];
  const text = result.text === '' && calls.length > 0 ? [] : [{ type: 'text', text: result.text }];
  return {
    id: messageId(),
    type: 'message',
    role: 'assistant',
    model,
    content: [...text, ...calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call, provider) }))],
    stop_reason: stopReason(result.finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(result.usage),
  };
}
