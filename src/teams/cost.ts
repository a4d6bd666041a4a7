import type { TokenUsage } from '../providers/provider-definition.js';

/** List prices in USD per million tokens (the model list's input_cost_per_mtok / output_cost_per_mtok). */
export interface ModelPrices {
  input_cost_per_mtok?: number;
  output_cost_per_mtok?: number;
}

/** What a completion cost, in USD: a model without prices costs nothing (and budgets never stop it). */
export function completionCost(prices: ModelPrices, usage: Pick<TokenUsage, 'prompt_tokens' | 'completion_tokens'>): number {
  const input = (prices.input_cost_per_mtok ?? 0) * usage.prompt_tokens;
  const output = (prices.output_cost_per_mtok ?? 0) * usage.completion_tokens;
  // Rounded to the database's precision (nano-dollars) so sums agree everywhere.
  return Math.round((input + output) * 1000) / 1e9;
}
