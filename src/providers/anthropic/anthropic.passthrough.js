import { isRecord, parseJson } from '../../common/json.js';
import { anthropicHeaders } from './anthropic.headers.js';
import { fromAnthropicResponse } from './anthropic.response.js';
import { ANTHROPIC_STREAM } from './anthropic.stream.js';
/** Client headers sent on to Anthropic: the API version and the beta features the client opted into. */
const FORWARDED_HEADERS = ['anthropic-beta'];
/** What the readers are told was asked: nothing to translate back (no structured-output tool of the gateway's). */
const AS_SENT = { messages: [] };
/** Events after which the stream has really started (content or its end); those before are held until then. */
const STARTING_EVENTS = new Set(['content_block_delta', 'message_delta', 'message_stop']);
/**
 * A relaying parser: every upstream event goes to the client as it came (`raw`), while the Messages parser reads
 * it for the usage, the stop reason and error events. The opening events (message_start, content_block_start,
 * ping) are held back until the first content, so a failure before any content is still retried.
 */
function relayParser() {
    // Read as a plain request: the client's own tools and formats are relayed, never reinterpreted.
    const read = ANTHROPIC_STREAM.createParser(AS_SENT);
    const held = [];
    let started = false;
    return (event) => {
        const deltas = read(event);
        const text = deltas.map((delta) => delta.text ?? '').join('');
        const end = deltas.find((delta) => delta.finish_reason !== undefined);
        // `text` only tells the log the time to the first token; the client gets `raw`.
        const relayed = { raw: event, ...(text === '' ? {} : { text }), ...(end && { finish_reason: end.finish_reason, usage: end.usage }) };
        held.push(relayed);
        if (!started && !STARTING_EVENTS.has(eventType(event)))
            return [];
        started = true;
        return held.splice(0);
    };
}
function eventType(event) {
    const data = parseJson(event.data);
    return isRecord(data) && typeof data.type === 'string' ? data.type : (event.event ?? '');
}
/** The client's body to `path`, with only the model mapped, its version and betas, the gateway's key. */
function asSent(path, model, request, { settings }) {
    const headers = anthropicHeaders(settings.apiKey, request.headers['anthropic-version']);
    for (const name of FORWARDED_HEADERS) {
        const value = request.headers[name];
        if (value !== undefined)
            headers[name] = value;
    }
    return { url: `${settings.baseUrl}${path}`, headers, body: { ...request.body, model: model.upstream_model } };
}
/**
 * Anthropic's Messages API as sent (docs/anthropic-compatible.md): the client's body with only `model` mapped to
 * the model's `upstream_model` (cache_control, thinking, metadata, betas and unknown fields kept), its
 * anthropic-version and anthropic-beta headers forwarded, the gateway's key instead of the client's.
 */
export const ANTHROPIC_PASSTHROUGH = {
    format: 'anthropic-messages',
    buildRequest: (model, request, context) => asSent('/v1/messages', model, request, context),
    countTokens: (model, request, context) => asSent('/v1/messages/count_tokens', model, request, context),
    readResult: (body) => {
        const result = fromAnthropicResponse(body, AS_SENT);
        return typeof result === 'string' || !isRecord(body) ? result : { ...result, raw: body };
    },
    stream: { streamingBody: (body) => ({ ...body, stream: true }), createParser: relayParser },
};
