import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { CompletionRequest } from '../providers/provider-definition.js';
import { periodWindow, secondsUntil } from './budget-period.js';
import { largestMaxTokens } from './budget-reservation.js';
import type { Budget } from './managed-key.js';
import { fits } from './spend-store.js';

const whose = (budget: Budget): string => (budget.scope === 'key' ? 'This API key' : "This API key's team");
const period = (budget: Budget): string => (budget.period === 'total' ? 'whole life of the key' : budget.period);
/** USD in a message: to the micro-dollar, without trailing zeros (never an exponent: 1e-6 prints as 0.000001). */
const usd = (value: number): string => String(Number(Math.max(value, 0).toFixed(6)));

/** When the budget resets, for a message, and Retry-After until then (none for `total`). */
function reset(budget: Budget, now: Date): { when: string; headers: Record<string, string> } {
  const { resetsAt } = periodWindow(budget.period, now);
  if (!resetsAt) return { when: 'it does not reset (period: total)', headers: {} };
  return { when: `it resets at ${resetsAt.toISOString()}`, headers: { 'Retry-After': String(secondsUntil(resetsAt, now)) } };
}

/** 429 `budget_exceeded`: the budget is spent (or reserved by requests in flight). */
export function budgetExceeded(budget: Budget, now: Date): ApiError {
  const { when, headers } = reset(budget, now);
  return new ApiError(429, `${whose(budget)} has spent its budget of $${budget.maxUsd} for the ${period(budget)}; ${when}.`, 'budget_exceeded', null, headers);
}

/**
 * 429 `budget_exceeded` for a request whose maximum cost (`cost`) does not fit what is left of `budget` (its
 * counter at `spent`): what is left, what the request could cost, and the largest `max_tokens` that fits (param
 * `max_tokens`); when none does, when the budget resets, with Retry-After.
 */
export function budgetTooSmall(budget: Budget, spent: number, cost: number, model: ModelEntry, request: CompletionRequest, now: Date): ApiError {
  const tokens = (request.max_tokens ?? model.max_output_tokens) * (request.n ?? 1);
  const output = request.n !== undefined && request.n > 1 ? `${request.max_tokens ?? model.max_output_tokens} output tokens × ${request.n} choices` : `${tokens} output tokens`;
  const left = `${whose(budget)} has $${usd(budget.maxUsd - spent)} left of its budget of $${budget.maxUsd} for the ${period(budget)}`;
  // An embedding asks for no output (max_tokens 0): only its input counts, and no max_tokens can help.
  const could = `this request could cost up to $${usd(cost)} (${tokens === 0 ? 'its input estimated' : `the prompt estimate and ${output}`} at the model's prices)`;
  const largest = tokens === 0 ? 0 : largestMaxTokens(model, request, budget.maxUsd - spent, (reservation) => fits(spent, budget.maxUsd, reservation));
  if (largest > 0) return new ApiError(429, `${left}, and ${could}. Send max_tokens of at most ${largest} to fit.`, 'budget_exceeded', 'max_tokens');
  const { when, headers } = reset(budget, now);
  return new ApiError(429, `${left}, and ${could}. ${tokens === 0 ? 'It does not fit' : 'No max_tokens fits'}; ${when}.`, 'budget_exceeded', null, headers);
}
