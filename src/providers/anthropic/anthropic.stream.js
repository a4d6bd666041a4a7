import { isRecord, parseJson, tokenCount } from '../../common/json.js';
import { MalformedStreamEvent, StreamEventError } from '../stream-transform.js';
import { finishReason } from './anthropic.response.js';
import { AnthropicStreamBlocks } from './anthropic.stream-blocks.js';
import { responseToolName } from './anthropic.tools.js';
/** Anthropic's error types and the HTTP status each has as a plain answer (its "Errors" page). */
const ERROR_STATUS = {
    invalid_request_error: 400,
    authentication_error: 401,
    permission_error: 403,
    not_found_error: 404,
    request_too_large: 413,
    rate_limit_error: 429,
    api_error: 500,
    overloaded_error: 529,
};
/**
 * Messages API streaming: `message_start` (input usage), content blocks (text, and tool calls through
 * anthropic.stream-blocks.ts), `message_delta` (stop reason, cumulative output tokens), `message_stop` (the end).
 * `ping`, other block kinds and event types added later are skipped; `error` fails the stream.
 */
export function anthropicStreamParser(request) {
    const blocks = new AnthropicStreamBlocks(request && responseToolName(request));
    let prompt = 0;
    let completion = 0;
    let stopReason;
    return ({ event, data }) => {
        const body = parseJson(data);
        if (!isRecord(body))
            throw new MalformedStreamEvent('stream event is not a JSON object');
        const type = typeof body.type === 'string' ? body.type : event;
        if (type === 'error') {
            const error = isRecord(body.error) ? body.error : {};
            const kind = typeof error.type === 'string' ? error.type : undefined;
            throw new StreamEventError(ERROR_STATUS[kind ?? ''] ?? 500, kind, typeof error.message === 'string' ? error.message : undefined);
        }
        if (type === 'message_start') {
            const usage = isRecord(body.message) && isRecord(body.message.usage) ? body.message.usage : {};
            // input_tokens excludes cached input; the prompt's full size includes it (as for the plain answer).
            prompt = tokenCount(usage.input_tokens) + tokenCount(usage.cache_creation_input_tokens) + tokenCount(usage.cache_read_input_tokens);
            completion = tokenCount(usage.output_tokens);
            return [];
        }
        const index = typeof body.index === 'number' ? body.index : -1;
        if (type === 'content_block_start')
            return blocks.start(index, isRecord(body.content_block) ? body.content_block : {});
        if (type === 'content_block_delta')
            return blocks.delta(index, isRecord(body.delta) ? body.delta : {});
        if (type === 'content_block_stop')
            return blocks.stop(index);
        if (type === 'message_delta') {
            if (isRecord(body.delta) && body.delta.stop_reason !== undefined)
                stopReason = body.delta.stop_reason;
            // Counts in message_delta are cumulative.
            if (isRecord(body.usage) && typeof body.usage.output_tokens === 'number')
                completion = tokenCount(body.usage.output_tokens);
            return [];
        }
        if (type === 'message_stop') {
            if (typeof stopReason !== 'string')
                throw new MalformedStreamEvent('message_stop without a stop_reason');
            // A structured answer came as the answer tool's call: for the client the turn simply ended.
            const reason = blocks.answered && blocks.toolCalls === 0 && stopReason === 'tool_use' ? 'stop' : finishReason(stopReason);
            return [{ finish_reason: reason, usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } }];
        }
        return [];
    };
}
export const ANTHROPIC_STREAM = {
    streamingBody: (body) => ({ ...body, stream: true }),
    createParser: anthropicStreamParser,
};
