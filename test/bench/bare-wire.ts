// What the bare reference proxy does per request, kept to the minimum the gateway also does: read the client's
// JSON, map it to the provider's wire format, map the provider's answer back into the /v1/complete envelope.
// No validation beyond what the mapping needs: the point is the floor a Node proxy cannot go below.

export type Provider = 'openai' | 'anthropic';

interface BareModel {
  id: string;
  description: string;
  provider: Provider;
  upstream_model: string;
  max_output_tokens: number;
  default_max_tokens: number;
}

/** The gateway's built-in model list (src/config/model-entry.ts), copied: the proxy serves it statically. */
export const MODELS: ReadonlyMap<string, BareModel> = new Map(
  [
    { id: 'gpt-4o', description: 'GPT-4 optimized for high performance and accuracy.', provider: 'openai' as const, upstream_model: 'gpt-4o', max_output_tokens: 16384, default_max_tokens: 4096 },
    { id: 'claude', description: 'Claude model for conversational AI tasks.', provider: 'anthropic' as const, upstream_model: 'claude-sonnet-4-6', max_output_tokens: 64000, default_max_tokens: 4096 },
  ].map((m) => [m.id, m]),
);

export const MODELS_BODY = JSON.stringify({
  success: true,
  data: {
    models: [...MODELS.values()].map((m) => ({
      id: m.id,
      description: m.description,
      provider: m.provider,
      max_output_tokens: m.max_output_tokens,
      // The capability flags GET /v1/models shows (both built-in providers have all three).
      supports_tools: true,
      supports_vision: true,
      supports_json_schema: true,
      available: true,
    })),
  },
});

export interface UpstreamCall {
  provider: Provider;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Completion {
  text: string;
  finish_reason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The client's JSON object with the model it names, or the field that makes the body unusable. */
export function readRequest(raw: string): { body: Json; model: BareModel } | { field: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { field: 'body' };
  }
  if (!isObject(body)) return { field: 'body' };
  const model = typeof body.model === 'string' ? MODELS.get(body.model) : undefined;
  return model === undefined ? { field: 'model' } : { body, model };
}
const count = (value: unknown): number => (typeof value === 'number' && value >= 0 ? value : 0);

const ANTHROPIC_STOP: Readonly<Record<string, string>> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', refusal: 'content_filter' };

/** The upstream request for a client body, or the name of the field that makes it unusable. */
export function toUpstream(raw: string, keys: Record<Provider, string>): { call: UpstreamCall; model: string } | { field: string } {
  const read = readRequest(raw);
  if ('field' in read) return read;
  const { body, model } = read;
  if (typeof body.prompt !== 'string' || body.prompt === '') return { field: 'prompt' };
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
  const messages = [{ role: 'user', content: body.prompt }];
  const call: UpstreamCall =
    model.provider === 'openai'
      ? {
          provider: 'openai',
          path: '/v1/chat/completions',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.openai}` },
          body: JSON.stringify({ model: model.upstream_model, messages, max_completion_tokens: maxTokens }),
        }
      : {
          provider: 'anthropic',
          path: '/v1/messages',
          headers: { 'content-type': 'application/json', 'x-api-key': keys.anthropic, 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model: model.upstream_model, max_tokens: maxTokens ?? model.default_max_tokens, messages }),
        };
  return { call, model: model.id };
}

/** The completion in an upstream answer, or undefined when it does not have the documented shape. */
export function fromUpstream(provider: Provider, body: unknown): Completion | undefined {
  if (!isObject(body)) return undefined;
  const usage = isObject(body.usage) ? body.usage : {};
  if (provider === 'openai') {
    const choice: unknown = Array.isArray(body.choices) ? body.choices[0] : undefined;
    if (!isObject(choice) || !isObject(choice.message)) return undefined;
    const prompt = count(usage.prompt_tokens);
    const completion = count(usage.completion_tokens);
    return {
      text: typeof choice.message.content === 'string' ? choice.message.content : '',
      finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'stop',
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    };
  }
  if (!Array.isArray(body.content)) return undefined;
  const text = (body.content as unknown[]).map((b) => (isObject(b) && b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
  const prompt = count(usage.input_tokens);
  const completion = count(usage.output_tokens);
  const stop = typeof body.stop_reason === 'string' ? body.stop_reason : 'end_turn';
  return {
    text,
    finish_reason: ANTHROPIC_STOP[stop] ?? stop,
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

export function completionBody(id: string, model: string, completion: Completion): string {
  const { text, finish_reason, usage } = completion;
  return JSON.stringify({ success: true, data: { id, model, served_by: model, choices: [{ text, finish_reason }], usage } });
}

export function errorBody(code: number, type: string, message: string, param: string | null, requestId: string): string {
  return JSON.stringify({ success: false, error: { code, message, type, param, request_id: requestId } });
}
