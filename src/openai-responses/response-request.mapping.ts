import type { CreateResponseDto } from './dto/create-response.dto.js';
import type { CompletionRequest } from '../providers/provider-definition.js';
import { toTurns, type InputItem } from './input-items.mapping.js';
import type { ResponseSettings } from './response-object.js';
import { checkedMetadata, toResponseFormat, toToolChoice, toToolDefinitions } from './request-options.mapping.js';

/** A checked request: the call for the providers (their CompletionRequest), the settings the response echoes, the conversation to store. */
export interface PreparedRequest {
  call: CompletionRequest;
  settings: ResponseSettings;
  /** The earlier conversation (from `previous_response_id`) followed by this request's input items. */
  conversation: InputItem[];
}

/**
 * The validated body, this request's input items (item references already resolved) and the stored conversation
 * it continues → the call in the gateway's terms. `instructions` come first and are never carried over.
 */
export function prepareRequest(dto: CreateResponseDto, model: string, input: InputItem[], history: InputItem[], store: boolean): PreparedRequest {
  const tools = toToolDefinitions(dto.tools ?? []);
  const toolChoice = toToolChoice(dto.tool_choice, tools);
  const responseFormat = toResponseFormat(dto.text);
  const metadata = checkedMetadata(dto.metadata);
  const messages = [
    ...(dto.instructions ? [{ role: 'system' as const, content: dto.instructions }] : []),
    ...toTurns(history, 'previous_response_id'),
    ...toTurns(input, 'input'),
  ];
  const call: CompletionRequest = {
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice !== undefined ? { tool_choice: toolChoice } : {}),
    ...(typeof dto.parallel_tool_calls === 'boolean' && tools.length > 0 ? { parallel_tool_calls: dto.parallel_tool_calls } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
    max_tokens: dto.max_output_tokens ?? undefined,
    temperature: dto.temperature ?? undefined,
    top_p: dto.top_p ?? undefined,
    user: dto.user ?? dto.safety_identifier ?? undefined,
  };
  const settings: ResponseSettings = {
    model,
    instructions: dto.instructions ?? null,
    max_output_tokens: dto.max_output_tokens ?? null,
    temperature: dto.temperature ?? null,
    top_p: dto.top_p ?? null,
    tools: tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description ?? null, parameters: tool.parameters ?? null, strict: tool.strict ?? null })),
    tool_choice: dto.tool_choice ?? 'auto',
    parallel_tool_calls: dto.parallel_tool_calls ?? true,
    text: { format: (dto.text?.format as Record<string, unknown> | undefined) ?? { type: 'text' } },
    metadata,
    ...(dto.user ? { user: dto.user } : {}),
    store,
    previous_response_id: dto.previous_response_id ?? null,
  };
  return { call, settings, conversation: [...history, ...input] };
}
