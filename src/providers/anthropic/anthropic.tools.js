import { ApiError } from '../../common/api-error.js';
/** An object schema with no fixed properties: what a tool without parameters, or `json_object`, takes. */
const ANY_OBJECT = { type: 'object', properties: {} };
const anthropicTool = (tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.parameters ?? ANY_OBJECT,
});
/**
 * The tool that carries structured output on Anthropic: the Messages API has no `response_format`, so the gateway
 * adds one tool whose input schema is the requested schema and makes the model call it; the call's input is then
 * the answer's content (anthropic.response.ts, anthropic.stream.ts). Named after the schema, or `json_object`.
 */
export function responseTool(format) {
    if (format === undefined || format.type === 'text')
        return undefined;
    if (format.type === 'json_object')
        return { name: 'json_object', description: 'Answer with a JSON object, as the input of this tool.', input_schema: ANY_OBJECT };
    return {
        name: format.name,
        description: format.description ?? 'Answer with JSON valid against this schema, as the input of this tool.',
        input_schema: format.schema ?? ANY_OBJECT,
    };
}
/** The name of the request's answer tool, if it asked for structured output. */
export const responseToolName = (request) => responseTool(request.response_format)?.name;
function wireChoice(choice, answerTool, hasTools) {
    if (answerTool !== undefined) {
        // Structured output: the answer tool is forced, unless the client's own tools may be called first.
        if (!hasTools || choice === 'none')
            return { type: 'tool', name: answerTool };
        if (choice === undefined || choice === 'auto' || choice === 'required')
            return { type: 'any' };
    }
    if (choice === undefined)
        return undefined;
    if (choice === 'auto')
        return { type: 'auto' };
    if (choice === 'required')
        return { type: 'any' };
    if (choice === 'none')
        return { type: 'none' };
    return { type: 'tool', name: choice.name };
}
/** `tools` and `tool_choice` of a Messages API body, only when there is something to send. */
export function anthropicToolFields(request) {
    const tools = (request.tools ?? []).map(anthropicTool);
    const answer = responseTool(request.response_format);
    if (answer !== undefined && tools.some((tool) => tool.name === answer.name)) {
        throw ApiError.invalid(`Invalid 'response_format': its name '${answer.name}' is also the name of a tool; rename one of them.`, 'response_format');
    }
    const all = answer === undefined ? tools : [...tools, answer];
    if (all.length === 0)
        return {};
    const choice = wireChoice(request.tool_choice, answer?.name, tools.length > 0);
    // disable_parallel_tool_use lives on tool_choice, and means nothing with `none`.
    const single = request.parallel_tool_calls === false && choice?.type !== 'none';
    const toolChoice = single ? { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true } : choice;
    return { tools: all, ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }) };
}
