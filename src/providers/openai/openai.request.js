import { ApiError } from '../../common/api-error.js';
/** Parts as Chat Completions has them: text parts stay separate parts (never joined), images as `image_url`. */
function wireParts(parts) {
    return parts.map((part) => part.type === 'text'
        ? { type: 'text', text: part.text }
        : { type: 'image_url', image_url: { url: part.url, ...(part.detail === undefined ? {} : { detail: part.detail }) } });
}
const content = (value) => (typeof value === 'string' ? value : wireParts(value));
/** One turn in Chat Completions' terms; `index` names the message when a provider limit refuses it. */
function wireMessage(turn, index) {
    switch (turn.role) {
        case 'system':
            return { role: 'system', content: content(turn.content) };
        case 'user':
            return { role: 'user', content: content(turn.content), ...(turn.name === undefined ? {} : { name: turn.name }) };
        case 'assistant':
            return {
                role: 'assistant',
                content: turn.content === null ? null : content(turn.content),
                ...(turn.name === undefined ? {} : { name: turn.name }),
                ...(turn.tool_calls?.length
                    ? { tool_calls: turn.tool_calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }
                    : {}),
            };
        case 'tool':
            // Chat Completions' tool messages hold text only.
            if (typeof turn.content !== 'string' && turn.content.some((part) => part.type !== 'text')) {
                throw ApiError.invalid(`Invalid 'messages[${index}]': this model's provider takes only text in tool results.`, `messages[${index}].content`);
            }
            return { role: 'tool', tool_call_id: turn.tool_call_id, content: content(turn.content) };
    }
}
export function wireTools(tools) {
    return tools.map((tool) => ({
        type: 'function',
        function: {
            name: tool.name,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
            ...(tool.strict === undefined ? {} : { strict: tool.strict }),
        },
    }));
}
export const wireToolChoice = (choice) => (typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } });
export function wireResponseFormat(format) {
    if (format.type !== 'json_schema')
        return { type: format.type };
    const { name, schema, description, strict } = format;
    return {
        type: 'json_schema',
        json_schema: { name, ...(description === undefined ? {} : { description }), ...(schema === undefined ? {} : { schema }), ...(strict === undefined ? {} : { strict }) },
    };
}
/** The tool and structured-output fields, only those the client sent. */
function agentFields(request) {
    const fields = {};
    if (request.tools?.length)
        fields.tools = wireTools(request.tools);
    if (request.tool_choice !== undefined)
        fields.tool_choice = wireToolChoice(request.tool_choice);
    if (request.parallel_tool_calls !== undefined)
        fields.parallel_tool_calls = request.parallel_tool_calls;
    if (request.response_format !== undefined)
        fields.response_format = wireResponseFormat(request.response_format);
    return fields;
}
/** The conversation as it was sent (Chat Completions is the gateway's own model); parameters renamed by the rules. */
export function chatCompletionsBody(model, request, params) {
    return { model: model.upstream_model, messages: request.messages.map(wireMessage), ...agentFields(request), ...params };
}
/** Bearer authentication, when there is a key to send. */
export function bearer(apiKey) {
    return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}
