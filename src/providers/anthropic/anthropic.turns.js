import { ApiError } from '../../common/api-error.js';
import { parseToolArguments } from '../tool-arguments.js';
import { anthropicImage } from './anthropic.images.js';
const textBlocks = (content) => typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((part) => ({ type: 'text', text: part.text }));
function blocksOf(content) {
    if (typeof content === 'string')
        return [{ type: 'text', text: content }];
    return content.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : anthropicImage(part)));
}
/** One message's blocks; `plain` when it is one string (kept a string when it stands alone in its turn). */
function turnOf(turn, index) {
    const where = `messages[${index}]`;
    if (turn.role === 'tool') {
        const content = typeof turn.content === 'string' ? turn.content : blocksOf(turn.content);
        return { role: 'user', blocks: [{ type: 'tool_result', tool_use_id: turn.tool_call_id, content }] };
    }
    if (turn.role === 'user') {
        return { role: 'user', blocks: blocksOf(turn.content), ...(typeof turn.content === 'string' ? { plain: turn.content } : {}) };
    }
    const calls = turn.tool_calls ?? [];
    // The API refuses empty text blocks; an assistant turn that only called tools has none.
    const texts = turn.content === null ? [] : textBlocks(turn.content).filter((block) => calls.length === 0 || block.text !== '');
    const uses = calls.map((call, callIndex) => ({
        type: 'tool_use',
        id: call.id,
        name: call.name,
        input: parseToolArguments(call.arguments, `${where}.tool_calls[${callIndex}].function.arguments`),
    }));
    return { role: 'assistant', blocks: [...texts, ...uses], ...(typeof turn.content === 'string' && calls.length === 0 ? { plain: turn.content } : {}) };
}
/** Cuts trailing whitespace off a final assistant prefill (the API refuses it there). */
function trimPrefill(turn) {
    if (turn.plain !== undefined)
        turn.plain = turn.plain.trimEnd();
    const last = turn.blocks.at(-1);
    if (last?.type === 'text')
        last.text = last.text.trimEnd();
}
/**
 * A Chat Completions conversation in the Messages API's terms (docs/tools.md, "Anthropic"):
 * - system messages, wherever they stand, become the top-level `system`: strings joined by a blank line, or one
 *   text block per part when any came in parts (never glued together);
 * - consecutive messages of one role become one turn of blocks; `tool` messages are user turns of `tool_result`
 *   blocks, so consecutive ones merge into one turn; assistant tool calls are `tool_use` blocks with parsed input;
 * - text parts stay separate text blocks; images become `image` blocks (anthropic.images.ts);
 * - the first turn must be the user's, and there must be one (400 naming the message);
 * - a last assistant turn is a prefill the model continues; its trailing whitespace is cut.
 * `name` has no place in the Messages API and is not sent (docs/tools.md).
 */
export function toAnthropicTurns(messages) {
    const system = { texts: [], parts: false };
    const turns = [];
    messages.forEach((message, index) => {
        if (message.role === 'system') {
            system.parts ||= typeof message.content !== 'string';
            system.texts.push(...textBlocks(message.content));
            return;
        }
        const next = turnOf(message, index);
        const last = turns.at(-1);
        if (last === undefined && next.role === 'assistant') {
            throw ApiError.invalid(`Invalid 'messages[${index}]': this model's provider needs the conversation to start with a user message.`, `messages[${index}]`);
        }
        if (last?.role === next.role) {
            last.blocks.push(...next.blocks);
            delete last.plain;
        }
        else
            turns.push(next);
    });
    if (turns.length === 0)
        throw ApiError.invalid("Invalid 'messages': this model's provider needs at least one user message.", 'messages');
    const final = turns.at(-1);
    if (final.role === 'assistant')
        trimPrefill(final);
    const joined = system.parts ? system.texts : system.texts.map((block) => block.text).join('\n\n');
    return {
        ...(system.texts.length > 0 ? { system: joined } : {}),
        turns: turns.map(({ role, blocks, plain }) => ({ role, content: plain ?? blocks })),
    };
}
