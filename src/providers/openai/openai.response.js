import { isRecord, tokenCount } from '../../common/json.js';
import { mapFinishReason } from '../provider-definition.js';
/** Chat Completions finish reasons are already the gateway's vocabulary. */
export const CHAT_FINISH_REASONS = {
    stop: 'stop',
    length: 'length',
    content_filter: 'content_filter',
    tool_calls: 'tool_calls',
};
/** A message's `tool_calls` (function calls only), or a string naming what is wrong with them. */
export function readToolCalls(value) {
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value))
        return 'tool_calls is not a list';
    const calls = [];
    for (const call of value) {
        if (!isRecord(call) || typeof call.id !== 'string' || !isRecord(call.function) || typeof call.function.name !== 'string')
            return 'tool call without an id and a function name';
        const { arguments: args } = call.function;
        calls.push({ id: call.id, name: call.function.name, arguments: typeof args === 'string' && args !== '' ? args : '{}' });
    }
    return calls;
}
/** One choice of a CreateChatCompletionResponse, or a string naming what is wrong with it. */
function readChoice(choice) {
    if (!isRecord(choice) || !isRecord(choice.message))
        return 'choice without a message';
    const { content, refusal } = choice.message;
    if (content !== null && content !== undefined && typeof content !== 'string')
        return 'message content is not text';
    const calls = readToolCalls(choice.message.tool_calls);
    if (typeof calls === 'string')
        return calls;
    const refused = typeof refusal === 'string' && refusal !== '';
    return {
        // A refusal carries no content; its explanation is the useful text.
        text: typeof content === 'string' ? content : refused ? refusal : '',
        finish_reason: refused ? 'content_filter' : mapFinishReason(CHAT_FINISH_REASONS, choice.finish_reason),
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
    };
}
/**
 * Reads a CreateChatCompletionResponse. Returns a string naming what is wrong when the body does not have the
 * shape the API documents, so the caller can answer 502 instead of passing garbage on.
 */
export function fromOpenAIResponse(body) {
    if (!isRecord(body))
        return 'body is not a JSON object';
    if (!Array.isArray(body.choices) || body.choices.length === 0)
        return 'no choices';
    const choices = [];
    for (const choice of body.choices) {
        const read = readChoice(choice);
        if (typeof read === 'string')
            return read;
        choices.push(read);
    }
    const usage = isRecord(body.usage) ? body.usage : {};
    const prompt = tokenCount(usage.prompt_tokens);
    const completion = tokenCount(usage.completion_tokens);
    return {
        ...choices[0],
        usage: {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: typeof usage.total_tokens === 'number' ? tokenCount(usage.total_tokens) : prompt + completion,
        },
        ...(choices.length > 1 ? { choices } : {}),
    };
}
/** The message of an OpenAI error body `{error: {message}}`, if there is one. */
export function openAIErrorMessage(body) {
    if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string')
        return body.error.message;
    return undefined;
}
