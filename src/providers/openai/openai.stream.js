import { isRecord, parseJson, tokenCount } from '../../common/json.js';
import { mapFinishReason } from '../provider-definition.js';
import { MalformedStreamEvent, StreamEventError } from '../stream-transform.js';
import { ToolCallArguments } from '../tool-call-deltas.js';
import { CHAT_FINISH_REASONS } from './openai.response.js';
/** The HTTP status an error chunk stands for, from its code or type (OpenAI has no error event, only a chunk). */
function errorStatus(error) {
    const { code, type } = error;
    if (code === 'rate_limit_exceeded' || type === 'rate_limit_error' || type === 'requests' || type === 'tokens')
        return 429;
    if (type === 'invalid_request_error')
        return 400;
    return 500;
}
function usageOf(usage) {
    const prompt = tokenCount(usage.prompt_tokens);
    const completion = tokenCount(usage.completion_tokens);
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: typeof usage.total_tokens === 'number' ? tokenCount(usage.total_tokens) : prompt + completion };
}
/**
 * One entry of a chunk's `delta.tool_calls`: OpenAI's own index counts tool calls already, so it passes through. A
 * server that leaves the index out gets one by the call's id (a new id starts the next call; none continues the last).
 */
function toolCallDelta(call, ids) {
    if (!isRecord(call))
        throw new MalformedStreamEvent('tool call delta is not an object');
    const fn = isRecord(call.function) ? call.function : {};
    let index = typeof call.index === 'number' ? call.index : Math.max(0, ids.length - 1);
    if (typeof call.index !== 'number' && typeof call.id === 'string') {
        if (!ids.includes(call.id))
            ids.push(call.id);
        index = ids.indexOf(call.id);
    }
    return {
        index,
        ...(typeof call.id === 'string' ? { id: call.id } : {}),
        ...(typeof fn.name === 'string' ? { name: fn.name } : {}),
        ...(typeof fn.arguments === 'string' && fn.arguments !== '' ? { arguments: fn.arguments } : {}),
    };
}
/**
 * Chat Completions streaming (`chat.completion.chunk`): text from `choices[0].delta.content` (or `refusal`), tool
 * call fragments from `delta.tool_calls` (a call that got no arguments ends as `"{}"`), the
 * finish reason from the chunk that carries it, usage from the `choices: []` chunk that `include_usage` asks for,
 * and the end at `[DONE]`. Servers that send no usage chunk end without usage; the gateway does not invent one.
 */
export function openAIStreamParser() {
    let finishReason;
    let usage;
    let refused = false;
    const calls = new ToolCallArguments();
    const unindexed = [];
    return ({ data }) => {
        if (data.trim() === '[DONE]') {
            if (finishReason === undefined)
                throw new MalformedStreamEvent('stream ended without a finish reason');
            return [...calls.closeAll(), usage === undefined ? { finish_reason: finishReason } : { finish_reason: finishReason, usage }];
        }
        const chunk = parseJson(data);
        if (!isRecord(chunk))
            throw new MalformedStreamEvent('stream chunk is not a JSON object');
        if (isRecord(chunk.error)) {
            const { error } = chunk;
            throw new StreamEventError(errorStatus(error), typeof error.type === 'string' ? error.type : undefined, typeof error.message === 'string' ? error.message : undefined);
        }
        if (isRecord(chunk.usage))
            usage = usageOf(chunk.usage);
        const choice = Array.isArray(chunk.choices) ? chunk.choices.find((c) => isRecord(c) && (c.index ?? 0) === 0) : undefined;
        if (!isRecord(choice))
            return [];
        const delta = isRecord(choice.delta) ? choice.delta : {};
        const deltas = [];
        if (typeof delta.content === 'string' && delta.content !== '')
            deltas.push({ text: delta.content });
        if (Array.isArray(delta.tool_calls)) {
            for (const call of delta.tool_calls)
                deltas.push({ tool_call: calls.saw(toolCallDelta(call, unindexed)) });
        }
        if (typeof delta.refusal === 'string' && delta.refusal !== '') {
            refused = true;
            deltas.push({ text: delta.refusal });
        }
        if (typeof choice.finish_reason === 'string') {
            finishReason = refused ? 'content_filter' : mapFinishReason(CHAT_FINISH_REASONS, choice.finish_reason);
        }
        return deltas;
    };
}
/** Streaming for OpenAI and openai-compatible upstreams: `stream: true`, with the usage chunk requested. */
export const OPENAI_STREAM = {
    streamingBody: (body) => ({ ...body, stream: true, stream_options: { include_usage: true } }),
    createParser: openAIStreamParser,
};
