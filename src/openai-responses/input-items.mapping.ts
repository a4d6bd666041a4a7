import { ApiError } from '../common/api-error.js';
import { isRecord, parseJson } from '../common/json.js';
import type { AssistantTurn, ChatTurn, ContentPart, TextPart, ToolCall } from '../providers/chat-types.js';

/**
 * Responses API input items → the gateway's conversation turns (docs/responses.md). Items are checked here, not
 * by the DTO: each problem is a 400 naming the item's field the OpenAI way (`input[2].content[0].image_url`).
 * `item_reference` items are resolved by the service (they need the store) before this runs.
 */

export type InputItem = Record<string, unknown>;

const invalid = (param: string, message: string): ApiError => ApiError.invalid(`Invalid '${param}': ${message}`, param);

/** A string input is one user message. */
export function inputItems(input: string | readonly unknown[], param = 'input'): InputItem[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input.map((item, index) => {
    if (!isRecord(item)) throw invalid(`${param}[${index}]`, 'must be an object (an input item).');
    return item;
  });
}

function text(value: unknown, param: string): string {
  if (typeof value !== 'string') throw invalid(param, 'must be a string.');
  return value;
}

/** One content part of a message (or of a function call's output); assistant turns take text only. */
function contentPart(part: unknown, param: string, textOnly: boolean): ContentPart {
  if (!isRecord(part)) throw invalid(param, 'must be an object (a content part).');
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: text(part.text, `${param}.text`) };
    case 'refusal':
      return { type: 'text', text: text(part.refusal, `${param}.refusal`) };
    case 'input_image': {
      if (textOnly) throw invalid(`${param}.type`, 'images are only accepted in user messages and function call outputs.');
      if (part.file_id !== undefined && part.file_id !== null) throw invalid(`${param}.file_id`, 'file ids are not supported by this gateway: send `image_url` (an https or data URL).');
      const url = text(part.image_url, `${param}.image_url`);
      const detail = part.detail;
      if (detail !== undefined && detail !== 'auto' && detail !== 'low' && detail !== 'high') throw invalid(`${param}.detail`, "must be 'auto', 'low' or 'high'.");
      return detail === undefined ? { type: 'image', url } : { type: 'image', url, detail };
    }
    case 'input_file':
      throw invalid(`${param}.type`, 'file inputs are not supported by this gateway.');
    default:
      throw invalid(`${param}.type`, "must be 'input_text' or 'input_image' (or 'output_text' in an assistant message).");
  }
}

function content(value: unknown, param: string, textOnly: boolean): string | ContentPart[] {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || value.length === 0) throw invalid(param, 'must be a string or a non-empty array of content parts.');
  return value.map((part, index) => contentPart(part, `${param}[${index}]`, textOnly));
}

const textParts = (value: string | ContentPart[]): string | TextPart[] => value as string | TextPart[];

function messageTurn(item: InputItem, param: string): ChatTurn {
  const role = item.role;
  if (role === 'user') return { role: 'user', content: content(item.content, `${param}.content`, false) };
  if (role === 'system' || role === 'developer') return { role: 'system', content: textParts(content(item.content, `${param}.content`, true)) };
  if (role === 'assistant') return { role: 'assistant', content: textParts(content(item.content, `${param}.content`, true)) };
  throw invalid(`${param}.role`, "must be 'user', 'assistant', 'system' or 'developer'.");
}

function toolCall(item: InputItem, param: string): ToolCall {
  const args = text(item.arguments, `${param}.arguments`);
  if (parseJson(args) === undefined) throw invalid(`${param}.arguments`, 'must be a JSON text (the arguments the model wrote).');
  return { id: text(item.call_id, `${param}.call_id`), name: text(item.name, `${param}.name`), arguments: args };
}

/**
 * The items in order as turns: an assistant message and the function calls right after it are one assistant turn
 * (the chat form of one model answer); each `function_call_output` is a `tool` turn.
 */
export function toTurns(items: readonly InputItem[], param = 'input'): ChatTurn[] {
  const turns: ChatTurn[] = [];
  items.forEach((item, index) => {
    const at = `${param}[${index}]`;
    const type = item.type ?? 'message';
    if (type === 'message') {
      turns.push(messageTurn(item, at));
    } else if (type === 'function_call') {
      const call = toolCall(item, at);
      const last = turns.at(-1);
      if (last?.role === 'assistant') (last as AssistantTurn).tool_calls = [...(last.tool_calls ?? []), call];
      else turns.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (type === 'function_call_output') {
      const output = content(item.output, `${at}.output`, false);
      turns.push({ role: 'tool', tool_call_id: text(item.call_id, `${at}.call_id`), content: output });
    } else if (type === 'reasoning') {
      throw invalid(`${at}.type`, 'reasoning items are not supported by this gateway (its models return none).');
    } else {
      throw invalid(`${at}.type`, `'${String(type).slice(0, 64)}' items are not supported: send messages, function_call and function_call_output items.`);
    }
  });
  return turns;
}
