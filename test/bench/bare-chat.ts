// What the bare reference proxy does for POST /openai/v1/chat/completions (issue 18): the client's OpenAI body
// goes upstream with the upstream model's name, the answer comes back under the client's model name; a stream
// is re-encoded event by event (each chunk parsed, renamed, serialised again), as the gateway must also do.
// OpenAI models only: the chat scenarios of `npm run bench` use gpt-4o.
import { isObject, readRequest } from './bare-wire.js';

export interface ChatCall {
  model: string;
  stream: boolean;
  /** The upstream request body (OpenAI Chat Completions). */
  body: string;
}

/** The upstream call for a client body, or the name of the field that makes it unusable. */
export function chatToUpstream(raw: string): ChatCall | { field: string } {
  const read = readRequest(raw);
  if ('field' in read) return read;
  const { body, model } = read;
  if (model.provider !== 'openai') return { field: 'model' };
  if (!Array.isArray(body.messages) || body.messages.length === 0) return { field: 'messages' };
  const stream = body.stream === true;
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
  const upstream = { model: model.upstream_model, messages: body.messages, max_completion_tokens: maxTokens, stream: stream || undefined };
  return { model: model.id, stream, body: JSON.stringify(upstream) };
}

/** A chat.completion for the client from the upstream's, or undefined when it lacks the documented shape. */
export function chatFromUpstream(model: string, id: string, upstream: unknown): string | undefined {
  if (!isObject(upstream) || !Array.isArray(upstream.choices) || !isObject(upstream.choices[0])) return undefined;
  const choice = upstream.choices[0];
  const message = isObject(choice.message) ? choice.message : {};
  return JSON.stringify({
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: typeof message.content === 'string' ? message.content : '', refusal: null },
        finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'stop',
        logprobs: null,
      },
    ],
    usage: upstream.usage,
  });
}

/**
 * Re-encodes upstream SSE text into client frames: complete `data:` lines are parsed and renamed; `[DONE]` passes.
 * Returns the frames to write and the unfinished remainder to keep for the next chunk.
 */
export function reencodeChunks(model: string, id: string, pending: string): { frames: string; rest: string } {
  const lines = pending.split('\n');
  const rest = lines.pop() ?? '';
  let frames = '';
  for (const line of lines) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6).trim();
    if (data === '[DONE]') {
      frames += 'data: [DONE]\n\n';
      continue;
    }
    const chunk: unknown = JSON.parse(data);
    if (isObject(chunk)) frames += `data: ${JSON.stringify({ ...chunk, id, model })}\n\n`;
  }
  return { frames, rest };
}
