import { isRecord, tokenCount } from '../../common/json.js';
import { mapFinishReason } from '../provider-definition.js';
import { responseToolName } from './anthropic.tools.js';
/** Anthropic's stop_reason in the OpenAI vocabulary the gateway answers with (docs/api.md). */
export const STOP_REASONS = {
    end_turn: 'stop',
    stop_sequence: 'stop',
    pause_turn: 'stop',
    max_tokens: 'length',
    model_context_window_exceeded: 'length',
    refusal: 'content_filter',
    tool_use: 'tool_calls',
};
export function finishReason(stopReason) {
    return mapFinishReason(STOP_REASONS, stopReason);
}
/**
 * Reads a Messages API response; a string names what is wrong with a body of the wrong shape. Text blocks are the
 * text; `tool_use` blocks are tool calls with their input as JSON text, except a call of the structured-output
 * tool (anthropic.tools.ts), whose input is the answer's text and whose turn then ended normally (`stop`).
 */
export function fromAnthropicResponse(body, request) {
    if (!isRecord(body))
        return 'body is not a JSON object';
    if (!Array.isArray(body.content))
        return 'no content list';
    const answerTool = request && responseToolName(request);
    const texts = [];
    const calls = [];
    let answered = false;
    for (const block of body.content) {
        if (!isRecord(block))
            return 'content block is not an object';
        if (block.type === 'text') {
            if (typeof block.text !== 'string')
                return 'text block without text';
            texts.push(block.text);
        }
        if (block.type === 'tool_use') {
            if (typeof block.id !== 'string' || typeof block.name !== 'string' || !isRecord(block.input))
                return 'tool_use block without an id, a name and an input object';
            if (block.name === answerTool) {
                answered = true;
                // The answer replaces any preamble the model wrote before calling the tool.
                texts.splice(0, texts.length, JSON.stringify(block.input));
            }
            else
                calls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
        }
    }
    const usage = isRecord(body.usage) ? body.usage : {};
    // input_tokens excludes cached input; the prompt's full size includes what was read from or written to cache.
    const prompt = tokenCount(usage.input_tokens) + tokenCount(usage.cache_creation_input_tokens) + tokenCount(usage.cache_read_input_tokens);
    const completion = tokenCount(usage.output_tokens);
    const stop = answered && calls.length === 0 && body.stop_reason === 'tool_use' ? 'stop' : finishReason(body.stop_reason);
    return {
        text: texts.join(''),
        finish_reason: stop,
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
    };
}
/** The message of an Anthropic error body `{type: "error", error: {type, message}}`. */
export function anthropicErrorMessage(body) {
    if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string')
        return body.error.message;
    return undefined;
}
