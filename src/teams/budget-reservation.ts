import type { ModelEntry } from '../config/model-entry.js';
import type { CompletionRequest, TokenUsage } from '../providers/provider-definition.js';
import { completionCost } from './cost.js';
import type { SpendCounter, SpendStore } from './spend-store.js';

/** Characters per token for estimates: about 4 for English text; the serialized messages over-count a little. */
const CHARS_PER_TOKEN = 4;

/** A prompt's token count as estimated before the upstream counts it: the messages as JSON, 4 characters a token. */
export function promptTokenEstimate(request: Pick<CompletionRequest, 'messages'>): number {
  return Math.ceil(JSON.stringify(request.messages).length / CHARS_PER_TOKEN);
}

/**
 * The most a request may cost: the estimated prompt, and `max_tokens` (else the model's maximum output) for each
 * choice, at the model's list prices.
 */
export function maximumCost(model: ModelEntry, request: Pick<CompletionRequest, 'messages' | 'max_tokens' | 'n'>): number {
  const completion = (request.max_tokens ?? model.max_output_tokens) * (request.n ?? 1);
  return completionCost(model, { prompt_tokens: promptTokenEstimate(request), completion_tokens: completion });
}

/**
 * The largest `max_tokens` (at most the model's) whose maximum cost `fits`, given `room` USD left: 0 when not even
 * one output token fits, or output is free. What a refused request may send instead.
 */
export function largestMaxTokens(model: ModelEntry, request: Pick<CompletionRequest, 'messages' | 'n'>, room: number, fits: (usd: number) => boolean): number {
  const perToken = completionCost(model, { prompt_tokens: 0, completion_tokens: request.n ?? 1 });
  if (perToken <= 0) return 0;
  // A guess by division, then down by the rule the store applies (costs round to nano-dollars, sums to floats).
  let tokens = Math.min(model.max_output_tokens, Math.floor((room - maximumCost(model, { ...request, max_tokens: 0 })) / perToken) + 1);
  while (tokens > 0 && !fits(maximumCost(model, { ...request, max_tokens: tokens }))) tokens -= 1;
  return Math.max(tokens, 0);
}

/** The usage of a stream that ended before the upstream reported any: the prompt estimate and the text already sent. */
export function estimatedUsage(request: Pick<CompletionRequest, 'messages'>, textChars: number): TokenUsage {
  const prompt = promptTokenEstimate(request);
  const completion = Math.ceil(textChars / CHARS_PER_TOKEN);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * What a request reserved on its spend counters at admission (docs/teams.md): settled once with its actual cost,
 * the difference added (or given back); a request that failed before any usage settles at 0.
 */
export class Reservation {
  private settled = false;

  constructor(
    private readonly store: SpendStore | undefined,
    private readonly counters: readonly SpendCounter[],
    readonly usd: number,
  ) {}

  settle(cost: number): void {
    if (this.settled) return;
    this.settled = true;
    this.store?.add(this.counters, Math.round((cost - this.usd) * 1e9) / 1e9);
  }
}

/** The reservation of a request that has no policy (an environment key): nothing to settle. */
export const NO_RESERVATION = new Reservation(undefined, [], 0);
