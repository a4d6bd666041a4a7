import { Injectable } from '@nestjs/common';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { TokenUsage } from '../providers/provider-definition.js';
import { periodWindow, secondsUntil } from './budget-period.js';
import { completionCost } from './cost.js';
import type { Budget, ManagedKey } from './managed-key.js';
import { prefetched, type SpendCounter } from './spend-store.js';
import { UsageRecorder } from './usage-recorder.service.js';

/** The counter a budget reads: the scope's spend in the budget's current period. */
export function budgetCounter(budget: Pick<Budget, 'scope' | 'id' | 'period'>, now: Date): SpendCounter {
  return { scope: `${budget.scope}:${budget.id}`, period: periodWindow(budget.period, now).key };
}

/** The counters one request's cost goes to: the key's and its team's, each in its budget's period (a month without one). */
export function spendCounters(key: ManagedKey, now: Date): SpendCounter[] {
  const periodOf = (scope: Budget['scope']): Budget['period'] => key.budgets.find((b) => b.scope === scope)?.period ?? 'month';
  const counters = [budgetCounter({ scope: 'key', id: key.id, period: periodOf('key') }, now)];
  if (key.teamId !== null) counters.push(budgetCounter({ scope: 'team', id: key.teamId, period: periodOf('team') }, now));
  return counters;
}

export function budgetExceeded(budget: Budget, now: Date): ApiError {
  const { resetsAt } = periodWindow(budget.period, now);
  const whose = budget.scope === 'key' ? 'This API key' : "This API key's team";
  const when = resetsAt ? `; it resets at ${resetsAt.toISOString()}` : '; it does not reset (period: total)';
  const headers: Record<string, string> = resetsAt ? { 'Retry-After': String(secondsUntil(resetsAt, now)) } : {};
  return new ApiError(429, `${whose} has spent its budget of $${budget.maxUsd} for the ${budget.period === 'total' ? 'whole life of the key' : budget.period}${when}.`, 'budget_exceeded', null, headers);
}

/**
 * What a managed key may do, for every surface (REST, MCP, the OpenAI-compatible one): which models it reaches,
 * whether its budgets (its own, its team's) have room, and what each completed request cost. Environment keys
 * (GATEWAY_API_KEYS) carry no policy: every check passes and nothing is recorded.
 */
@Injectable()
export class KeyPolicy {
  constructor(private readonly usage: UsageRecorder) {}

  /** 403 `permission_denied` naming the model when the key (or its team) may not use it. */
  assertModelAllowed(client: ClientIdentity | undefined, modelId: string): void {
    const models = client?.managed?.models;
    if (models && !models.includes(modelId)) {
      throw new ApiError(403, `This API key may not use model '${modelId}'.`, 'permission_denied', 'model');
    }
  }

  /** The models the key may use, in their order. */
  visibleModels<T extends { id: string }>(client: ClientIdentity | undefined, models: readonly T[]): T[] {
    const allowed = client?.managed?.models;
    return allowed ? models.filter((model) => allowed.includes(model.id)) : [...models];
  }

  /** 429 `budget_exceeded` (Retry-After until the period resets) when a budget of the key or its team is spent. */
  async assertWithinBudget(client: ClientIdentity | undefined, now = new Date()): Promise<void> {
    const budgets = client?.managed?.budgets ?? [];
    if (budgets.length === 0) return;
    const counters = budgets.map((budget) => budgetCounter(budget, now));
    const spent = prefetched(client?.spend, counters) ?? (await this.usage.spend.get(counters).catch(() => budgets.map(() => 0)));
    const over = budgets.find((budget, index) => spent[index]! >= budget.maxUsd);
    if (over) throw budgetExceeded(over, now);
  }

  /** Records a completed request's usage and cost (priced at the model that served it), off the request path. */
  recordUsage(client: ClientIdentity | undefined, model: ModelEntry, usage: TokenUsage, requestId: string, now = new Date()): void {
    const key = client?.managed;
    if (!key) return;
    const cost = completionCost(model, usage);
    this.usage.record({
      request_id: requestId,
      key_id: key.id,
      team_id: key.teamId,
      model: model.id,
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      cost_usd: cost,
      created_at: now,
    });
    this.usage.spend.add(spendCounters(key, now), cost);
  }
}
