import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { ChatTurn, RequiredCapabilities } from './chat-types.js';
import { checkImage } from './images.js';
import type { CompletionRequest, ProviderCapabilities } from './provider-definition.js';
import { parseToolArguments } from './tool-arguments.js';

const usesTools = (turn: ChatTurn): boolean => turn.role === 'tool' || (turn.role === 'assistant' && (turn.tool_calls?.length ?? 0) > 0);
const hasImage = (turn: ChatTurn): boolean => Array.isArray(turn.content) && turn.content.some((part) => part.type === 'image');

/** What a request needs of a model: tools (offered, or in the history), images, structured output. */
export function requiredCapabilities(request: CompletionRequest): RequiredCapabilities {
  const format = request.response_format?.type;
  return {
    tools: (request.tools?.length ?? 0) > 0 || request.messages.some(usesTools),
    vision: request.messages.some(hasImage),
    json_schema: format === 'json_object' || format === 'json_schema',
  };
}

/** A model's capabilities: its model-list flags, else its provider's defaults. */
export function capabilitiesOf(model: ModelEntry, defaults: ProviderCapabilities): ProviderCapabilities {
  // An embedding model takes no chat at all (docs/embeddings.md), so the listings claim none of it.
  if (model.mode === 'embedding') return { tools: false, vision: false, json_schema: false };
  return {
    tools: model.supports_tools ?? defaults.tools,
    vision: model.supports_vision ?? defaults.vision,
    json_schema: model.supports_json_schema ?? defaults.json_schema,
  };
}

const CAPABILITY_TEXT: Record<keyof RequiredCapabilities, { what: string; flag: string; param: string }> = {
  tools: { what: 'tools', flag: 'supports_tools', param: 'tools' },
  vision: { what: 'image inputs', flag: 'supports_vision', param: 'messages' },
  json_schema: { what: 'structured output (response_format)', flag: 'supports_json_schema', param: 'response_format' },
};

/**
 * 400 naming the model and the capability it lacks (a fallback refused this way is skipped). Pass-through requests
 * are checked too, with what the surface read from the body as sent (ProvidersService).
 */
export function checkCapabilities(model: ModelEntry, defaults: ProviderCapabilities, needs: RequiredCapabilities): void {
  const has = capabilitiesOf(model, defaults);
  for (const key of Object.keys(CAPABILITY_TEXT) as (keyof RequiredCapabilities)[]) {
    if (!needs[key] || has[key]) continue;
    const { what, flag, param } = CAPABILITY_TEXT[key];
    throw ApiError.invalid(`Model '${model.id}' does not support ${what} (${flag} is false for it in the model list).`, param);
  }
}

/** `tool_choice` must name a tool that was sent, and needs tools unless it is `none`. */
function checkToolChoice(request: CompletionRequest): void {
  const choice = request.tool_choice;
  if (choice === undefined || choice === 'none') return;
  const names = (request.tools ?? []).map((tool) => tool.name);
  if (names.length === 0) throw ApiError.invalid("Invalid 'tool_choice': it is only allowed when 'tools' are sent.", 'tool_choice');
  if (typeof choice !== 'string' && !names.includes(choice.name)) {
    throw ApiError.invalid(`Invalid 'tool_choice': no tool named '${choice.name.slice(0, 64)}' in 'tools'.`, 'tool_choice');
  }
}

/** Assistant tool-call arguments are JSON objects, and images are https URLs or valid data URLs within the limit. */
function checkMessages(request: CompletionRequest, maxImageBytes: number): void {
  request.messages.forEach((turn, index) => {
    if (turn.role === 'assistant') {
      turn.tool_calls?.forEach((call, callIndex) => parseToolArguments(call.arguments, `messages[${index}].tool_calls[${callIndex}].function.arguments`));
    }
    if (!Array.isArray(turn.content)) return;
    turn.content.forEach((part, partIndex) => {
      if (part.type === 'image') checkImage(part, `messages[${index}].content[${partIndex}]`, maxImageBytes);
    });
  });
}

/**
 * The checks every provider shares, before any upstream call (ProvidersService.prepare): the model's
 * capabilities, `tool_choice`, tool-call arguments and images. Each refusal is a 400 naming the field.
 */
export function checkRequest(model: ModelEntry, defaults: ProviderCapabilities, request: CompletionRequest, maxImageBytes: number): void {
  checkCapabilities(model, defaults, requiredCapabilities(request));
  checkToolChoice(request);
  checkMessages(request, maxImageBytes);
}
