import { isRecord } from '../../common/json.js';
import { ToolCallArguments } from '../tool-call-deltas.js';
/**
 * The content blocks of one Messages API stream, turned into the gateway's deltas. Anthropic numbers every content
 * block (text, thinking, tool_use) in one sequence; tool calls get their own index counting tool calls only, so
 * two calls after a text block are 0 and 1, never 1 and 2 (the mistake of Portkey #1275). A call of the
 * structured-output tool (`answerTool`) streams as text instead: its input JSON is the answer.
 */
export class AnthropicStreamBlocks {
    answerTool;
    toolIndex = new Map();
    answerBlocks = new Set();
    answerHasText = new Set();
    calls = new ToolCallArguments();
    /** Whether the answer tool was called (its `tool_use` stop is a normal end), and how many other calls there were. */
    answered = false;
    toolCalls = 0;
    constructor(answerTool) {
        this.answerTool = answerTool;
    }
    start(index, block) {
        if (block.type !== 'tool_use')
            return [];
        const input = isRecord(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : undefined;
        if (block.name === this.answerTool) {
            this.answered = true;
            this.answerBlocks.add(index);
            return input === undefined ? [] : this.answerText(index, input);
        }
        const callIndex = this.toolCalls++;
        this.toolIndex.set(index, callIndex);
        const id = typeof block.id === 'string' ? block.id : '';
        const name = typeof block.name === 'string' ? block.name : '';
        return [{ tool_call: this.calls.saw({ index: callIndex, id, name, ...(input === undefined ? {} : { arguments: input }) }) }];
    }
    delta(index, delta) {
        if (delta.type === 'text_delta')
            return typeof delta.text === 'string' && delta.text !== '' ? [{ text: delta.text }] : [];
        if (delta.type !== 'input_json_delta' || typeof delta.partial_json !== 'string' || delta.partial_json === '')
            return [];
        if (this.answerBlocks.has(index))
            return this.answerText(index, delta.partial_json);
        const callIndex = this.toolIndex.get(index);
        return callIndex === undefined ? [] : [{ tool_call: this.calls.saw({ index: callIndex, arguments: delta.partial_json }) }];
    }
    /** A tool call that got no input ends as `"{}"` (and an empty structured answer as the text `{}`). */
    stop(index) {
        if (this.answerBlocks.has(index))
            return this.answerHasText.has(index) ? [] : this.answerText(index, '{}');
        const callIndex = this.toolIndex.get(index);
        return callIndex === undefined ? [] : this.calls.close(callIndex);
    }
    answerText(index, text) {
        this.answerHasText.add(index);
        return [{ text }];
    }
}
