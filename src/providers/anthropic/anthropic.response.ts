import { isRecord, tokenCount } from '../../common/json.js';
import { mapFinishReason, type CompletionResult } from '../provider-definition.js';

/** Anthropic's stop_reason in the OpenAI vocabulary the gateway answers with (docs/api.md). */
export const STOP_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  refusal: 'content_filter',
  tool_use: 'tool_calls',
};

export function finishReason(stopReason: unknown): string {
  return mapFinishReason(STOP_REASONS, stopReason);
}

/** Reads a Messages API response; a string names what is wrong with a body of the wrong shape. */
export function fromAnthropicResponse(body: unknown): CompletionResult | string {
  if (!isRecord(body)) return 'body is not a JSON object';
  if (!Array.isArray(body.content)) return 'no content list';
  const texts: string[] = [];
  for (const block of body.content as unknown[]) {
    if (!isRecord(block)) return 'content block is not an object';
    if (block.type === 'text') {
      if (typeof block.text !== 'string') return 'text block without text';
      texts.push(block.text);
    }
  }
  const usage = isRecord(body.usage) ? body.usage : {};
  // input_tokens excludes cached input; the prompt's full size includes what was read from or written to cache.
  const prompt = tokenCount(usage.input_tokens) + tokenCount(usage.cache_creation_input_tokens) + tokenCount(usage.cache_read_input_tokens);
  const completion = tokenCount(usage.output_tokens);
  return {
    text: texts.join(''),
    finish_reason: finishReason(body.stop_reason),
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** The message of an Anthropic error body `{type: "error", error: {type, message}}`. */
export function anthropicErrorMessage(body: unknown): string | undefined {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') return body.error.message;
  return undefined;
}
