import type { AssistantTurn, ChatTurn, ContentPart, ImagePart, TextPart, ToolCall, ToolTurn } from '../providers/chat-types.js';
import { at, invalid, list, onlyKnown, record, text, untranslatable } from './anthropic-fields.js';

/** The image types Anthropic takes as base64 (its Vision page). */
const MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Said before a tool result Anthropic flags `is_error`, which OpenAI's tool messages have no field for. */
export const TOOL_ERROR_NOTE = '(The tool reported an error.)';

/** Fields of a block carried by the translation; `cache_control` is accepted and has no effect there. */
const TEXT_FIELDS = ['type', 'text', 'cache_control'];

function textPart(block: Record<string, unknown>, path: string, model: string): TextPart {
  // Citations cannot be asked of OpenAI-format upstreams; an explicit null says none.
  onlyKnown(block, path, model, block.citations === null ? [...TEXT_FIELDS, 'citations'] : TEXT_FIELDS);
  return { type: 'text', text: text(block.text, at(path, 'text')) };
}

/** base64 → a data: URL, url → the URL itself (never downloaded by the gateway). */
function imagePart(block: Record<string, unknown>, path: string, model: string): ImagePart {
  onlyKnown(block, path, model, ['type', 'source', 'cache_control']);
  const sourcePath = at(path, 'source');
  const source = record(block.source, sourcePath);
  if (source.type === 'base64') {
    onlyKnown(source, sourcePath, model, ['type', 'media_type', 'data']);
    const mediaType = text(source.media_type, at(sourcePath, 'media_type'));
    if (!MEDIA_TYPES.has(mediaType)) throw invalid(at(sourcePath, 'media_type'), `must be one of ${[...MEDIA_TYPES].join(', ')}.`);
    return { type: 'image', url: `data:${mediaType};base64,${text(source.data, at(sourcePath, 'data'))}` };
  }
  if (source.type === 'url') {
    onlyKnown(source, sourcePath, model, ['type', 'url']);
    return { type: 'image', url: text(source.url, at(sourcePath, 'url')) };
  }
  throw untranslatable(at(sourcePath, 'type'), model);
}

/** A user block other than a tool result: text or image. */
function userPart(block: Record<string, unknown>, path: string, model: string): ContentPart {
  if (block.type === 'text') return textPart(block, path, model);
  if (block.type === 'image') return imagePart(block, path, model);
  throw untranslatable(at(path, 'type'), model);
}

/** A `tool_result` block as the gateway's tool turn; text and images as parts, `is_error` as a leading note. */
function toolTurn(block: Record<string, unknown>, path: string, model: string): ToolTurn {
  onlyKnown(block, path, model, ['type', 'tool_use_id', 'content', 'is_error', 'cache_control']);
  const id = text(block.tool_use_id, at(path, 'tool_use_id'));
  const contentPath = at(path, 'content');
  const parts: ContentPart[] =
    block.content === undefined ? [] : typeof block.content === 'string'
      ? [{ type: 'text', text: block.content }]
      : list(block.content, contentPath).map((part, index) => userPart(record(part, at(contentPath, index)), at(contentPath, index), model));
  if (block.is_error !== undefined && typeof block.is_error !== 'boolean') throw invalid(at(path, 'is_error'), 'must be a boolean.');
  const note: ContentPart[] = block.is_error === true ? [{ type: 'text', text: TOOL_ERROR_NOTE }] : [];
  const content = [...note, ...parts];
  const only = content.length === 1 ? content[0] : undefined;
  return { role: 'tool', tool_call_id: id, content: only?.type === 'text' ? only.text : content.length === 0 ? '' : content };
}

/** A message's blocks: an empty list would vanish in the translation, and Anthropic refuses it too. */
function nonEmpty(content: unknown, path: string): unknown[] {
  const blocks = list(content, path);
  if (blocks.length === 0) throw invalid(path, 'must be a string or a non-empty array of content blocks.');
  return blocks;
}

/** One user message: its tool results first (as tool turns, which must follow the assistant's calls), then the rest. */
export function userTurns(content: unknown, path: string, model: string): ChatTurn[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const tools: ChatTurn[] = [];
  const parts: ContentPart[] = [];
  nonEmpty(content, path).forEach((value, index) => {
    const blockPath = at(path, index);
    const block = record(value, blockPath);
    if (block.type === 'tool_result') tools.push(toolTurn(block, blockPath, model));
    else parts.push(userPart(block, blockPath, model));
  });
  return parts.length === 0 ? tools : [...tools, { role: 'user', content: parts }];
}

/** One assistant message: text blocks as parts, `tool_use` blocks as calls whose arguments are the input's JSON. */
export function assistantTurn(content: unknown, path: string, model: string): AssistantTurn {
  if (typeof content === 'string') return { role: 'assistant', content };
  const parts: TextPart[] = [];
  const calls: ToolCall[] = [];
  nonEmpty(content, path).forEach((value, index) => {
    const blockPath = at(path, index);
    const block = record(value, blockPath);
    if (block.type === 'text') {
      parts.push(textPart(block, blockPath, model));
      return;
    }
    if (block.type !== 'tool_use') throw untranslatable(at(blockPath, 'type'), model);
    onlyKnown(block, blockPath, model, ['type', 'id', 'name', 'input', 'cache_control']);
    const input = record(block.input, at(blockPath, 'input'));
    calls.push({ id: text(block.id, at(blockPath, 'id')), name: text(block.name, at(blockPath, 'name')), arguments: JSON.stringify(input) });
  });
  return { role: 'assistant', content: parts.length === 0 ? null : parts, ...(calls.length === 0 ? {} : { tool_calls: calls }) };
}

/** `system`: a string or text blocks. */
export function systemTurn(system: unknown, model: string): ChatTurn[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return [{ role: 'system', content: system }];
  const parts = list(system, 'system').map((value, index) => {
    const block = record(value, at('system', index));
    if (block.type !== 'text') throw invalid(at(at('system', index), 'type'), "must be 'text'.");
    return textPart(block, at('system', index), model);
  });
  return [{ role: 'system', content: parts }];
}
