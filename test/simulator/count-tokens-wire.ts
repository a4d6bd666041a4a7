// Anthropic's token counting (POST /v1/messages/count_tokens): the Messages body without the generation fields.
import { anthropicErrorForStatus } from './anthropic-wire.js';
import { approxTokens, contentText, isRecord, randomId } from './wire.js';

/** Fields the Messages API has that count_tokens refuses ("Extra inputs are not permitted"). */
const GENERATION_FIELDS = ['max_tokens', 'stream', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'metadata', 'service_tier'];

export type CountAnswer = { status: 200 | 400; body: unknown };

/** What Anthropic answers to this count_tokens body: `input_tokens` by the simulator's rough estimate. */
export function answerCountTokens(body: unknown): CountAnswer {
  const refuse = (message: string): CountAnswer => ({ status: 400, body: anthropicErrorForStatus(400, randomId('req_', 12), message) });
  if (!isRecord(body)) return refuse('body: Input should be an object');
  const extra = GENERATION_FIELDS.find((field) => body[field] !== undefined);
  if (extra !== undefined) return refuse(`${extra}: Extra inputs are not permitted`);
  if (typeof body.model !== 'string') return refuse('model: Field required');
  if (!Array.isArray(body.messages)) return refuse('messages: Field required');
  const chars = body.messages.filter(isRecord).reduce((sum, message) => sum + contentText(message.content).length, contentText(body.system).length);
  const tools = Array.isArray(body.tools) ? JSON.stringify(body.tools).length : 0;
  return { status: 200, body: { input_tokens: approxTokens(chars + tools) } };
}
