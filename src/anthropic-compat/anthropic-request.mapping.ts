import { isRecord } from '../common/json.js';
import type { ChatTurn, RequiredCapabilities, ToolDefinition } from '../providers/chat-types.js';
import type { CompletionRequest } from '../providers/provider-definition.js';
import { assistantTurn, systemTurn, userTurns } from './anthropic-blocks.mapping.js';
import { at, invalid, list, onlyKnown, optionalNumber, optionalText, record, text, untranslatable } from './anthropic-fields.js';

/** What every Messages request must have, checked for every model (Anthropic's own models included). */
export interface MessagesEssentials {
  model: string;
  max_tokens: number;
  stream: boolean;
  messages: unknown[];
}

/** An Anthropic Messages request in the gateway's terms (docs/anthropic-compatible.md, "Translation"). */
export type TranslatedMessages = CompletionRequest & { messages: ChatTurn[]; max_tokens: number };

/** The fields the translation carries; any other is refused by name. */
const TRANSLATED_FIELDS = ['model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'tools', 'tool_choice', 'thinking', 'output_config', 'cache_control'];

/** The checks Anthropic makes of every request, before the model is even looked at (its own wording where it has one). */
export function messagesEssentials(body: unknown): MessagesEssentials {
  if (!isRecord(body)) throw invalid('body', 'must be a JSON object.');
  const model = text(body.model, 'model');
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) throw invalid('max_tokens', 'Field required: a positive integer.');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('stream', 'must be a boolean.');
  const messages = list(body.messages, 'messages');
  return { model, max_tokens: maxTokens, stream: body.stream === true, messages };
}

function tools(value: unknown, model: string): ToolDefinition[] | undefined {
  if (value === undefined) return undefined;
  return list(value, 'tools').map((item, index) => {
    const path = at('tools', index);
    const tool = record(item, path);
    // Server tools (web search, bash, the text editor…) have a type and run at Anthropic: nothing to translate them to.
    if (tool.type !== undefined && tool.type !== 'custom') throw untranslatable(at(path, 'type'), model);
    onlyKnown(tool, path, model, ['type', 'name', 'description', 'input_schema', 'cache_control', 'strict']);
    const strict = tool.strict;
    if (strict !== undefined && typeof strict !== 'boolean') throw invalid(at(path, 'strict'), 'must be a boolean.');
    return {
      name: text(tool.name, at(path, 'name')),
      ...(tool.description === undefined ? {} : { description: text(tool.description, at(path, 'description')) }),
      parameters: record(tool.input_schema, at(path, 'input_schema')),
      ...(strict === undefined ? {} : { strict }),
    };
  });
}

/** auto / any / tool / none, and disable_parallel_tool_use as parallel_tool_calls: false. */
function toolChoice(value: unknown, model: string): Pick<TranslatedMessages, 'tool_choice' | 'parallel_tool_calls'> {
  if (value === undefined) return {};
  const choice = record(value, 'tool_choice');
  onlyKnown(choice, 'tool_choice', model, ['type', 'name', 'disable_parallel_tool_use']);
  const parallel = choice.disable_parallel_tool_use;
  if (parallel !== undefined && typeof parallel !== 'boolean') throw invalid('tool_choice.disable_parallel_tool_use', 'must be a boolean.');
  const serial = parallel === true ? { parallel_tool_calls: false } : {};
  if (choice.type === 'auto') return { tool_choice: 'auto', ...serial };
  if (choice.type === 'any') return { tool_choice: 'required', ...serial };
  if (choice.type === 'none') return { tool_choice: 'none' };
  if (choice.type === 'tool') return { tool_choice: { name: text(choice.name, 'tool_choice.name') }, ...serial };
  throw invalid('tool_choice.type', "must be one of 'auto', 'any', 'tool', 'none'.");
}

function stopSequences(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return list(value, 'stop_sequences').map((item, index) => text(item, at('stop_sequences', index)));
}

function user(metadata: unknown, model: string): string | undefined {
  if (metadata === undefined) return undefined;
  const fields = record(metadata, 'metadata');
  onlyKnown(fields, 'metadata', model, ['user_id']);
  return fields.user_id === null ? undefined : optionalText(fields.user_id, 'metadata.user_id');
}

/** `output_config.format` (JSON output valid against a schema) as the gateway's json_schema response format. */
function responseFormat(value: unknown, model: string): Pick<TranslatedMessages, 'response_format'> {
  if (value === undefined) return {};
  const config = record(value, 'output_config');
  onlyKnown(config, 'output_config', model, ['format']);
  if (config.format === undefined || config.format === null) return {};
  const format = record(config.format, 'output_config.format');
  onlyKnown(format, 'output_config.format', model, ['type', 'schema']);
  if (format.type !== 'json_schema') throw invalid('output_config.format.type', "must be 'json_schema'.");
  return { response_format: { type: 'json_schema', name: 'output', schema: record(format.schema, 'output_config.format.schema'), strict: true } };
}

/**
 * A Messages request for a model whose provider does not speak it: the conversation as the gateway's turns, the
 * parameters renamed. A field without an equivalent is refused by name (400), never silently dropped.
 */
export function translateMessages(body: Record<string, unknown>, model: string): TranslatedMessages {
  const essentials = messagesEssentials(body);
  onlyKnown(body, '', model, TRANSLATED_FIELDS);
  const thinking = body.thinking === undefined ? undefined : record(body.thinking, 'thinking');
  if (thinking !== undefined && thinking.type !== 'disabled') throw untranslatable('thinking', model);
  const turns = essentials.messages.flatMap((item, index): ChatTurn[] => {
    const path = at('messages', index);
    const message = record(item, path);
    onlyKnown(message, path, model, ['role', 'content']);
    if (message.role === 'user') return userTurns(message.content, at(path, 'content'), model);
    if (message.role === 'assistant') return [assistantTurn(message.content, at(path, 'content'), model)];
    throw invalid(at(path, 'role'), "must be 'user' or 'assistant'.");
  });
  const stop = stopSequences(body.stop_sequences);
  const temperature = optionalNumber(body.temperature, 'temperature', 0, 1);
  const topP = optionalNumber(body.top_p, 'top_p', 0, 1);
  const userId = user(body.metadata, model);
  const toolList = tools(body.tools, model);
  return {
    messages: [...systemTurn(body.system, model), ...turns],
    max_tokens: essentials.max_tokens,
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { top_p: topP }),
    ...(stop === undefined ? {} : { stop }),
    ...(userId === undefined ? {} : { user: userId }),
    ...(toolList === undefined ? {} : { tools: toolList }),
    ...toolChoice(body.tool_choice, model),
    ...responseFormat(body.output_config, model),
  };
}

const blocksOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const typeOf = (block: unknown): unknown => (isRecord(block) ? block.type : undefined);

/**
 * What a Messages body as sent needs of a model, read without translating it (server tools and beta fields
 * included): tools (offered, or tool_use / tool_result in the history), images (in messages or tool results),
 * structured output (`output_config.format`). The model list's capability flags are checked against it.
 */
export function messagesNeeds(body: Record<string, unknown>): RequiredCapabilities {
  const blocks = blocksOf(body.messages).flatMap((message) => (isRecord(message) ? blocksOf(message.content) : []));
  const nested = blocks.flatMap((block) => (isRecord(block) && block.type === 'tool_result' ? blocksOf(block.content) : []));
  const config = isRecord(body.output_config) ? body.output_config : {};
  return {
    tools: blocksOf(body.tools).length > 0 || blocks.some((block) => typeOf(block) === 'tool_use' || typeOf(block) === 'tool_result'),
    vision: [...blocks, ...nested].some((block) => typeOf(block) === 'image'),
    json_schema: config.format !== undefined && config.format !== null,
  };
}
