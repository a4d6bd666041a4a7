import { ApiError } from '../common/api-error.js';
import { isRecord } from '../common/json.js';
import type { ResponseFormat, ToolChoice, ToolDefinition } from '../providers/chat-types.js';

/** Responses API `tools`, `tool_choice`, `text.format` and `metadata` → the gateway's terms (docs/responses.md). */

const invalid = (param: string, message: string): ApiError => ApiError.invalid(`Invalid '${param}': ${message}`, param);

/** OpenAI-hosted tools: the gateway has nothing to run them with, so they are refused by name, never ignored. */
const BUILT_IN = /^(web_search|file_search|computer|code_interpreter|image_generation|local_shell|shell|mcp|apply_patch|custom|tool_search)/;

function optionalText(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(param, 'must be a string.');
  return value;
}

function optionalSchema(value: unknown, param: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalid(param, 'must be a JSON Schema object.');
  return value;
}

function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(param, 'must be a boolean.');
  return value;
}

function toolName(value: unknown, param: string): string {
  if (typeof value !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(value)) throw invalid(param, 'must be 1 to 64 letters, digits, underscores or dashes.');
  return value;
}

/** Function tools only; a built-in tool → 400 naming it. */
export function toToolDefinitions(tools: readonly unknown[]): ToolDefinition[] {
  return tools.map((tool, index) => {
    const param = `tools[${index}]`;
    if (!isRecord(tool)) throw invalid(param, 'must be an object (a tool).');
    const type = typeof tool.type === 'string' ? tool.type : '';
    if (type !== 'function') {
      if (BUILT_IN.test(type)) throw invalid(`${param}.type`, `the built-in tool '${type.slice(0, 64)}' is not supported by this gateway: it cannot run OpenAI's hosted tools. Use function tools.`);
      throw invalid(`${param}.type`, "must be 'function'.");
    }
    const definition: ToolDefinition = { name: toolName(tool.name, `${param}.name`) };
    const description = optionalText(tool.description, `${param}.description`);
    const parameters = optionalSchema(tool.parameters, `${param}.parameters`);
    const strict = optionalBoolean(tool.strict, `${param}.strict`);
    if (description !== undefined) definition.description = description;
    if (parameters !== undefined) definition.parameters = parameters;
    if (strict !== undefined) definition.strict = strict;
    return definition;
  });
}

/** `auto`, `none`, `required` or `{type: 'function', name}`; a hosted tool or `allowed_tools` → 400. */
export function toToolChoice(choice: unknown, tools: readonly ToolDefinition[]): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (!isRecord(choice)) throw invalid('tool_choice', "must be 'auto', 'none', 'required' or {type: 'function', name}.");
  if (choice.type !== 'function') throw invalid('tool_choice.type', `'${String(choice.type).slice(0, 64)}' is not supported by this gateway: only 'function' (with a name) or the strings 'auto', 'none', 'required'.`);
  const name = toolName(choice.name, 'tool_choice.name');
  if (!tools.some((tool) => tool.name === name)) throw invalid('tool_choice.name', `no function tool named '${name}' in 'tools'.`);
  return { name };
}

/** `text.format`: text (the default), `json_object`, or `json_schema` with its name and schema. */
export function toResponseFormat(text: unknown): ResponseFormat | undefined {
  if (text === undefined || text === null) return undefined;
  if (!isRecord(text)) throw invalid('text', 'must be an object.');
  const format = text.format;
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) throw invalid('text.format', 'must be an object.');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') throw invalid('text.format.type', "must be 'text', 'json_object' or 'json_schema'.");
  const schema = optionalSchema(format.schema, 'text.format.schema');
  if (schema === undefined) throw invalid('text.format.schema', 'is required for json_schema.');
  const result: ResponseFormat = { type: 'json_schema', name: toolName(format.name, 'text.format.name'), schema };
  const description = optionalText(format.description, 'text.format.description');
  const strict = optionalBoolean(format.strict, 'text.format.strict');
  if (description !== undefined) result.description = description;
  if (strict !== undefined) result.strict = strict;
  return result;
}

/** OpenAI's metadata rules: at most 16 keys of up to 64 characters, string values of up to 512. */
export function checkedMetadata(metadata: unknown): Record<string, string> {
  if (metadata === undefined || metadata === null) return {};
  if (!isRecord(metadata)) throw invalid('metadata', 'must be an object of strings.');
  const entries = Object.entries(metadata);
  if (entries.length > 16) throw invalid('metadata', 'must have at most 16 keys.');
  for (const [key, value] of entries) {
    if (key.length > 64) throw invalid('metadata', 'keys must be at most 64 characters.');
    if (typeof value !== 'string' || value.length > 512) throw invalid(`metadata.${key}`, 'must be a string of at most 512 characters.');
  }
  return metadata as Record<string, string>;
}
