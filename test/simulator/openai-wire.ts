// OpenAI Chat Completions wire format: request reading, response bodies, SSE chunks, errors.
import { openaiRefusal } from './openai-checks.js';
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

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openaiError(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/** OpenAI's usual error for each status; unknown statuses fall back by class (4xx / 5xx). */
export function openaiErrorForStatus(status: number, message?: string): OpenAIErrorBody {
  const known: Record<number, [string, string, string | null]> = {
    400: ['Invalid request.', 'invalid_request_error', null],
    401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
    403: ['You are not allowed to make this request.', 'invalid_request_error', null],
    404: ['The model does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'],
    429: ['Rate limit reached for requests.', 'requests', 'rate_limit_exceeded'],
    500: ['The server had an error while processing your request. Sorry about that!', 'server_error', null],
    503: ['The engine is currently overloaded, please try again later.', 'server_error', null],
  };
  const fallback: [string, string, string | null] =
    status >= 500 ? [`Upstream error (status ${status}).`, 'server_error', null] : [`Request failed (status ${status}).`, 'invalid_request_error', null];
  const [defaultMessage, type, code] = known[status] ?? fallback;
  return openaiError(message ?? defaultMessage, type, code);
}

function readPrompt(body: unknown): PromptInfo {
  const req = isRecord(body) ? body : {};
  const messages = Array.isArray(req.messages) ? req.messages.filter(isRecord) : [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const streamOptions = isRecord(req.stream_options) ? req.stream_options : {};
  return {
    model: typeof req.model === 'string' ? req.model : 'unknown-model',
    lastUserText: lastUser === undefined ? '' : contentText(lastUser.content),
    promptChars: messages.reduce((sum, m) => sum + contentText(m.content).length, 0),
    maxTokens: positiveInt(req.max_completion_tokens) ?? positiveInt(req.max_tokens),
    stream: req.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}

function usageBody(plan: CompletionPlan): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const { input, output } = plan.usage;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

const wireCalls = (plan: CompletionPlan): Record<string, unknown>[] =>
  plan.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));

function successBody(plan: CompletionPlan, prompt: PromptInfo): unknown {
  const calls = plan.toolCalls.length > 0 ? { tool_calls: wireCalls(plan) } : {};
  return {
    id: randomId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: prompt.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: plan.text === '' && plan.toolCalls.length > 0 ? null : plan.text, refusal: null, annotations: [], ...calls },
        finish_reason: plan.finishReason,
        logprobs: null,
      },
    ],
    usage: usageBody(plan),
  };
}

function streamFrames(plan: CompletionPlan, prompt: PromptInfo): StreamFrames {
  // Every chunk of one completion shares id, created and model, as OpenAI's do.
  const base = { id: randomId('chatcmpl-'), object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: prompt.model };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): string =>
    sseFrame(JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] }));
  const tail = [chunk({}, plan.finishReason)];
  if (prompt.includeUsage) tail.push(sseFrame(JSON.stringify({ ...base, choices: [], usage: usageBody(plan) })));
  tail.push(sseFrame('[DONE]'));
  // Tool calls as OpenAI streams them: the first chunk of a call has id, type, name and empty arguments.
  const calls = plan.toolCalls.flatMap((call, index) => [
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, null),
    ...fragments(call.arguments).map((piece) => chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null)),
  ]);
  return {
    head: [chunk({ role: 'assistant', content: plan.toolCalls.length > 0 && plan.pieces.length === 0 ? null : '', refusal: null }, null)],
    pieces: [...plan.pieces.map((text) => chunk({ content: text }, null)), ...calls],
    tail,
  };
}

function isAuthorized(headers: HeaderMap, key: string): boolean {
  return headers.authorization === `Bearer ${key}`;
}

export const openaiWire: WireFormat = {
  route: 'openai',
  requestIdHeader: 'x-request-id',
  reasons: { stop: 'stop', length: 'length', toolCalls: 'tool_calls' },
  toolIdPrefix: 'call_',
  refusal: openaiRefusal,
  // The gateway's base URL may or may not include /v1, so only the ending matters.
  matchesPath: (pathname) => pathname.endsWith('/chat/completions'),
  isAuthorized,
  readPrompt,
  newRequestId: () => randomId('req_', 16),
  successBody,
  streamFrames,
  // OpenAI has no error event: mid-stream failures arrive as a data chunk holding `error`.
  streamErrorFrame: (error) => sseFrame(JSON.stringify(openaiError(error.message, error.type))),
  errorBody: (status, _requestId, message) => openaiErrorForStatus(status, message),
  malformedBody: () => '{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,"message":{"role":"assist',
};
