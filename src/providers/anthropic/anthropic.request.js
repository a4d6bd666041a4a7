import { ApiError } from '../../common/api-error.js';
import { anthropicToolFields } from './anthropic.tools.js';
import { toAnthropicTurns } from './anthropic.turns.js';
/** Anthropic's default for both sampling parameters; sending it changes nothing, and recent models reject it. */
const SAMPLING_DEFAULT = 1;
/**
 * The Messages API's rules: `max_tokens` is required there, so the model's default fills in; `stop` is
 * `stop_sequences`; temperature only goes to 1; temperature and top_p equal to the default are dropped, and
 * recent Claude models reject the two together, so that combination is refused before any attempt.
 */
export const ANTHROPIC_PARAMETERS = {
    accepts: {
        max_tokens: { wire: 'max_tokens', fallback: (model) => model.default_max_tokens },
        temperature: { wire: 'temperature', max: 1, upstreamDefault: SAMPLING_DEFAULT },
        top_p: { wire: 'top_p', max: 1, upstreamDefault: SAMPLING_DEFAULT },
        stop: { wire: 'stop_sequences' },
        // The Messages API's end-user id for abuse detection; an opaque id, like OpenAI's `user`.
        user: { wire: 'metadata.user_id' },
    },
    exclusive: [['temperature', 'top_p']],
};
/**
 * The conversation in the Messages API's terms (anthropic.turns.ts), its tools and structured output
 * (anthropic.tools.ts); `params` renamed and filled in by the rules.
 */
export function messagesBody(model, request, params) {
    const { system, turns } = toAnthropicTurns(request.messages);
    const tools = anthropicToolFields(request);
    // The Messages API refuses tool_use / tool_result blocks in a request without tools: said here, before any call.
    if (tools.tools === undefined && request.messages.some((turn) => turn.role === 'tool' || (turn.role === 'assistant' && (turn.tool_calls?.length ?? 0) > 0))) {
        throw ApiError.invalid("Invalid 'tools': this model's provider needs the conversation's tools sent along with its tool calls and results.", 'tools');
    }
    return {
        model: model.upstream_model,
        max_tokens: model.default_max_tokens,
        ...(system === undefined ? {} : { system }),
        messages: turns,
        ...tools,
        ...params,
    };
}
