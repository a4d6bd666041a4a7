// Anthropic Messages wire format: request reading, response bodies, SSE events, errors.
import { anthropicRefusal } from './anthropic-checks.js';
import {
  contentText,
  fragments,
  isRecord,
  positiveInt,
  randomId,
  sseFrame,
  type CompletionPlan,
  type HeaderMap,
  type PromptInfo,
  type StreamFrames,
  type WireFormat,
} from './wire.js';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

/** Anthropic's error type and usual message for each status. */
const ERRORS: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of requests has exceeded your rate limit.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

export function anthropicErrorForStatus(status: number, requestId: string, message?: string): AnthropicErrorBody {
  const fallback: [string, string] = status >= 500 ? ['api_error', `Upstream error (status ${status}).`] : ['invalid_request_error', `Request failed (status ${status}).`];
  const [type, defaultMessage] = ERRORS[status] ?? fallback;
  return { type: 'error', error: { type, message: message ?? defaultMessage }, request_id: requestId };
}

function readPrompt(body: unknown): PromptInfo {
  const req = isRecord(body) ? body : {};
  const messages = Array.isArray(req.messages) ? req.messages.filter(isRecord) : [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const systemChars = contentText(req.system).length;
  const choice = isRecord(req.tool_choice) ? req.tool_choice : {};
  return {
    ...(choice.type === 'tool' && typeof choice.name === 'string' ? { forcedTool: choice.name } : {}),
    model: typeof req.model === 'string' ? req.model : 'unknown-model',
    lastUserText: lastUser === undefined ? '' : contentText(lastUser.content),
    promptChars: messages.reduce((sum, m) => sum + contentText(m.content).length, systemChars),
    maxTokens: positiveInt(req.max_tokens),
    stream: req.stream === true,
    includeUsage: false,
  };
}

/** A scripted structured answer goes into the forced tool's call, as Claude answers a forced tool. */
function withForcedTool(plan: CompletionPlan, prompt: PromptInfo): CompletionPlan {
  if (plan.json === undefined || prompt.forcedTool === undefined) return plan;
  const call = { id: randomId('toolu_'), name: prompt.forcedTool, arguments: JSON.stringify(plan.json) };
  return { ...plan, text: '', pieces: [], toolCalls: [call, ...plan.toolCalls], finishReason: 'tool_use' };
}

function contentBlocks(plan: CompletionPlan): Record<string, unknown>[] {
  const text = plan.text === '' && plan.toolCalls.length > 0 ? [] : [{ type: 'text', text: plan.text }];
  const uses = plan.toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown }));
  return [...text, ...uses];
}

function successBody(scripted: CompletionPlan, prompt: PromptInfo): unknown {
  const plan = withForcedTool(scripted, prompt);
  return {
    id: randomId('msg_'),
    type: 'message',
    role: 'assistant',
    content: contentBlocks(plan),
    model: prompt.model,
    stop_reason: plan.finishReason,
    stop_sequence: null,
    usage: { input_tokens: plan.usage.input, output_tokens: plan.usage.output },
  };
}

function event(type: string, data: Record<string, unknown>): string {
  return sseFrame(JSON.stringify({ type, ...data }), type);
}

/** Tool calls as Claude streams them: a tool_use block start, an empty then partial input_json_deltas, a stop. */
function toolFrames(plan: CompletionPlan, firstIndex: number): string[] {
  return plan.toolCalls.flatMap((call, n) => {
    const index = firstIndex + n;
    return [
      event('content_block_start', { index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }),
      ...['', ...(call.arguments === '{}' ? [] : fragments(call.arguments))].map((partial) => event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partial } })),
      event('content_block_stop', { index }),
    ];
  });
}

function streamFrames(scripted: CompletionPlan, prompt: PromptInfo): StreamFrames {
  const plan = withForcedTool(scripted, prompt);
  const message = {
    id: randomId('msg_'),
    type: 'message',
    role: 'assistant',
    content: [],
    model: prompt.model,
    stop_reason: null,
    stop_sequence: null,
    // Like the real API: input is known up front, output is reported again in message_delta.
    usage: { input_tokens: plan.usage.input, output_tokens: 1 },
  };
  // A turn that only calls tools has no text block.
  const textBlock = !(plan.pieces.length === 0 && plan.toolCalls.length > 0);
  return {
    head: [event('message_start', { message }), ...(textBlock ? [event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })] : [])],
    pieces: [
      ...plan.pieces.map((text) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
      ...(textBlock && plan.toolCalls.length > 0 ? [event('content_block_stop', { index: 0 })] : []),
      ...toolFrames(plan, textBlock ? 1 : 0),
    ],
    tail: [
      ...(textBlock && plan.toolCalls.length === 0 ? [event('content_block_stop', { index: 0 })] : []),
      event('message_delta', { delta: { stop_reason: plan.finishReason, stop_sequence: null }, usage: { output_tokens: plan.usage.output } }),
      event('message_stop', {}),
    ],
  };
}

function isAuthorized(headers: HeaderMap, key: string): boolean {
  return headers['x-api-key'] === key;
}

export const anthropicWire: WireFormat = {
  route: 'anthropic',
  requestIdHeader: 'request-id',
  reasons: { stop: 'end_turn', length: 'max_tokens', toolCalls: 'tool_use' },
  toolIdPrefix: 'toolu_',
  refusal: anthropicRefusal,
  matchesPath: (pathname) => pathname.endsWith('/v1/messages'),
  isAuthorized,
  readPrompt,
  newRequestId: () => randomId('req_', 12),
  successBody,
  streamFrames,
  streamErrorFrame: (error) => event('error', { error: { type: error.type, message: error.message } }),
  errorBody: anthropicErrorForStatus,
  malformedBody: () => '{"id":"msg_malformed","type":"message","role":"assistant","content":[{"type":"text","text":"cut',
};
