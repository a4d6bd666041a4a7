import type { CompletionChoice, CompletionResult } from '../providers/provider-definition.js';
import type { ChatCompletionResponseDto, TextCompletionResponseDto } from './dto/openai-responses.dto.js';
import { randomHex128 } from '../common/random-hex.js';

/** The finish reasons each OpenAI response may carry; anything else (an unknown provider reason) reads as `stop`. */
export const CHAT_REASONS: ReadonlySet<string> = new Set(['stop', 'length', 'tool_calls', 'content_filter']);
export const TEXT_REASONS: ReadonlySet<string> = new Set(['stop', 'length', 'content_filter']);

export const reason = (allowed: ReadonlySet<string>, finish: string): string => (allowed.has(finish) ? finish : 'stop');
const choicesOf = (result: CompletionResult): readonly CompletionChoice[] => result.choices ?? [result];

/** The assistant message of one choice: with tool calls, `content` is null unless the model also wrote text. */
function chatMessage(choice: CompletionChoice): ChatCompletionResponseDto['choices'][number]['message'] {
  const calls = choice.tool_calls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: choice.text, refusal: null };
  return {
    role: 'assistant',
    content: choice.text === '' ? null : choice.text,
    refusal: null,
    tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
  };
}

/** A CreateChatCompletionResponse; `model` is the gateway model id the client asked for. */
export function toChatCompletion(model: string, result: CompletionResult, created: number): ChatCompletionResponseDto {
  return {
    id: `chatcmpl-${randomHex128()}`,
    object: 'chat.completion',
    created,
    model,
    choices: choicesOf(result).map((choice, index) => ({
      index,
      message: chatMessage(choice),
      finish_reason: reason(CHAT_REASONS, choice.finish_reason),
      logprobs: null,
    })),
    usage: { ...result.usage },
  };
}

/** A CreateCompletionResponse (legacy text completions). */
export function toTextCompletion(model: string, result: CompletionResult, created: number): TextCompletionResponseDto {
  return {
    id: `cmpl-${randomHex128()}`,
    object: 'text_completion',
    created,
    model,
    choices: choicesOf(result).map((choice, index) => ({
      text: choice.text,
      index,
      logprobs: null,
      finish_reason: reason(TEXT_REASONS, choice.finish_reason),
    })),
    usage: { ...result.usage },
  };
}
