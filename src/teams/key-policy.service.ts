import { Injectable } from '@nestjs/common';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import type { ModelEntry } from '../config/model-entry.js';
import type { CompletionRequest, TokenUsage } from '../providers/provider-definition.js';
import { periodWindow } from './budget-period.js';
import { budgetExceeded, budgetTooSmall } from './budget-refusal.js';
import { maximumCost, NO_RESERVATION, Reservation } from './budget-reservation.js';
import { completionCost } from './cost.js';
import type { Budget, ManagedKey } from './managed-key.js';
import type { SpendCounter } from './spend-store.js';
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

const sameCounter = (a: SpendCounter, b: SpendCounter): boolean => a.scope === b.scope && a.period === b.period;

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

  /**
   * The budget check and the reservation of the request's maximum cost in one atomic step (docs/teams.md): 429
   * `budget_exceeded` when a budget of the key or its team is already spent (or reserved by requests in flight),
   * or when this request's maximum cost does not fit what is left of one (the tightest is named).
   * With the spend store away, the request is admitted without a reservation (fail-open, as the check was).
   * A rate-limit admission the guard left to this point (client.admission) runs first, in the same store operation
   * (one Redis round trip): a refusal by the limits is thrown before the budget is looked at, and reserves nothing.
   */
  async reserve(client: ClientIdentity | undefined, model: ModelEntry, request: CompletionRequest, now = new Date()): Promise<Reservation> {
    const key = client?.managed;
    const admission = client?.admission?.pending ? client.admission : undefined;
    if (!key || key.budgets.length === 0) {
      if (admission) await admission.admit();
      return key ? new Reservation(this.usage.spend, spendCounters(key, now), 0) : NO_RESERVATION;
    }
    const counters = spendCounters(key, now);
    const limits = counters.map((counter) => key.budgets.find((budget) => sameCounter(budgetCounter(budget, now), counter))?.maxUsd);
    const usd = maximumCost(model, request);
    const held = admission ? await admission.admit(this.usage.spend.hold(counters, limits, usd)) : 'separate';
    const outcome = held === 'separate' ? await this.usage.spend.reserve(counters, limits, usd).catch(() => undefined) : held === 'unchecked' ? undefined : held;
    if (outcome === undefined) return new Reservation(this.usage.spend, counters, 0);
    if (outcome.refused === -1) return new Reservation(this.usage.spend, counters, usd);
    const budgetAt = (i: number): Budget => key.budgets.find((budget) => sameCounter(budgetCounter(budget, now), counters[i]!))!;
    const spentOut = outcome.spent.findIndex((value, i) => limits[i] !== undefined && value >= limits[i]!);
    if (spentOut >= 0) throw budgetExceeded(budgetAt(spentOut), now);
    // The tightest budget: the one with the least left.
    const left = outcome.spent.map((value, i) => (limits[i] === undefined ? Infinity : limits[i]! - value));
    const tightest = left.indexOf(Math.min(...left));
    throw budgetTooSmall(budgetAt(tightest), outcome.spent[tightest]!, usd, model, request, now);
  }

  /**
   * Records a request's usage and cost (priced at the model that served it) off the request path, and settles its
   * reservation. `estimated`: the upstream never reported usage (a stream that ended early), so it is an estimate.
   */
  recordUsage(client: ClientIdentity | undefined, model: ModelEntry, usage: TokenUsage, requestId: string, reservation: Reservation, estimated = false, now = new Date()): void {
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
      estimated,
      created_at: now,
    });
    reservation.settle(cost);
  }
}
