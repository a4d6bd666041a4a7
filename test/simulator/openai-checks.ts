// What OpenAI's Chat Completions API refuses with a 400, for the requests the gateway builds: the simulator
// answers the same, so a wrong translation fails the e2e tests the way it would fail in production.
import { isRecord } from './wire.js';

/** Top-level fields of CreateChatCompletionRequest that the gateway may send; anything else is unrecognized. */
const KNOWN = new Set([
  'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'stop', 'user', 'stream', 'stream_options',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'presence_penalty', 'frequency_penalty', 'logprobs', 'seed',
]);
const PART_TYPES = ['text', 'image_url', 'input_audio', 'refusal', 'audio', 'file'];
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

function toolsProblem(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return "Invalid type for 'tools': expected an array.";
  for (const [i, tool] of tools.entries()) {
    if (!isRecord(tool) || tool.type !== 'function') return `Invalid value for 'tools[${i}].type': expected 'function'.`;
    if (!isRecord(tool.function)) return `Missing required parameter: 'tools[${i}].function'.`;
    if (typeof tool.function.name !== 'string') return `Missing required parameter: 'tools[${i}].function.name'.`;
  }
  return undefined;
}

function toolChoiceProblem(choice: unknown, tools: unknown): string | undefined {
  if (choice === undefined) return undefined;
  const names = Array.isArray(tools) ? tools.map((t) => (isRecord(t) && isRecord(t.function) ? t.function.name : undefined)) : [];
  if (choice !== 'none' && names.length === 0) return "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.";
  if (typeof choice === 'string') return ['none', 'auto', 'required'].includes(choice) ? undefined : `Invalid value for 'tool_choice': '${choice}'.`;
  if (!isRecord(choice) || choice.type !== 'function' || !isRecord(choice.function)) return "Invalid value for 'tool_choice'.";
  return names.includes(choice.function.name) ? undefined : `Tool choice '${String(choice.function.name)}' not found in 'tools' parameter.`;
}

function partsProblem(content: unknown, where: string): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const [j, part] of content.entries()) {
    const type = isRecord(part) ? part.type : undefined;
    if (typeof type !== 'string' || !PART_TYPES.includes(type)) {
      return `Invalid value: '${String(type)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'. (${where}.content[${j}].type)`;
    }
    if (type === 'image_url' && !(isRecord(part) && isRecord(part.image_url) && typeof part.image_url.url === 'string')) {
      return `Missing required parameter: '${where}.content[${j}].image_url.url'.`;
    }
  }
  return undefined;
}

/** Every assistant `tool_calls` is answered by tool messages right after it, and every tool message answers one. */
function pairingProblem(messages: Record<string, unknown>[]): string | undefined {
  let open: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (message.role === 'tool') {
      if (!open.includes(String(message.tool_call_id))) {
        return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'. (messages[${i}])`;
      }
      open = open.filter((id) => id !== message.tool_call_id);
      continue;
    }
    if (open.length > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(', ')}`;
    }
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      open = message.tool_calls.map((call) => (isRecord(call) ? String(call.id) : ''));
    }
  }
  return undefined;
}

export function openaiRefusal(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const unknown = Object.keys(body).find((key) => !KNOWN.has(key));
  if (unknown !== undefined) return `Unrecognized request argument supplied: ${unknown}`;
  const messages = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
  for (const [i, message] of messages.entries()) {
    if (!ROLES.includes(String(message.role))) return `Invalid value: '${String(message.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'. (messages[${i}].role)`;
    const parts = partsProblem(message.content, `messages[${i}]`);
    if (parts !== undefined) return parts;
  }
  return toolsProblem(body.tools) ?? toolChoiceProblem(body.tool_choice, body.tools) ?? pairingProblem(messages)
    ?? (isRecord(body.response_format) && body.response_format.type === 'json_schema' && !isRecord(body.response_format.json_schema)
      ? "Missing required parameter: 'response_format.json_schema'."
      : undefined);
}
