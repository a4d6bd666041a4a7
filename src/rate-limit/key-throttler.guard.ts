import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { AuthenticatedRequest, ClientIdentity } from '../auth/authenticated-request.js';
import { routeAdmission } from '../auth/route-admission.js';
import type { BudgetHold } from './budget-hold.js';
import { DeferredAdmission } from './deferred-admission.js';
import { RateLimitService, rateLimitError, type KeyAdmission } from './rate-limit.service.js';
import { RESERVES_BUDGET } from './reserves-budget.js';
import type { WindowSpec } from './window-store.js';

/** The client key's fingerprint, set by the admission hook. */
function trackerOf(req: Record<string, unknown>): string {
  const keyId = (req as { client?: ClientIdentity }).client?.keyId;
  // Only reachable if a route needing a key escaped the admission hook: refuse loudly rather than serve unlimited.
  if (keyId === undefined) throw new Error('a request reached the throttler without a client identity');
  return keyId;
}

/** Where @SkipThrottle() with no argument puts its mark (`THROTTLER:SKIP` + `default`, see the package's constants). */
const SKIP_ALL = 'THROTTLER:SKIP' + 'default';

/** One throttler that applies to a route, as the package resolved it; `routeDefined` when @Throttle set it. */
interface PlanStep {
  name: string;
  windowMs: number;
  limit: number;
  routeDefined: boolean;
}

/** A route's steps, keyed by controller class and handler (the two places the package reads metadata from). */
type Plans = WeakMap<object, WeakMap<object, PlanStep[]>>;

/**
 * ThrottlerGuard, used through its extension points: the package resolves, per named throttler (burst,
 * per-minute), @SkipThrottle({ name: true }) and @Throttle({ name: { limit, ttl } }), and calls handleRequest() for
 * each throttler that applies. Here handleRequest() only collects the resolved window; the one store operation of
 * the request then spends from all of them at once (RateLimitService.admit: also the address's failed-authentication
 * gate), so a request refused by one window spends nothing in the other. `@SkipThrottle()` with no argument (which
 * the package records for a throttler named `default`, absent here) skips the key's budget entirely.
 * The tracker is the client key's fingerprint, set by the admission hook before the body was read; public routes
 * have none and are not limited. This is the only global guard, so no guard order depends on module order.
 * On a route that reserves a budget (@ReservesBudget), a managed key with a budget is not admitted here: the
 * admission is left to the reservation (DeferredAdmission), so both are one store operation. Any other key's
 * admission on such a route is sent to a remote store here and awaited at that same point (DeferredAdmission.inFlight).
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  private readonly collected = new WeakMap<object, { tracker: string; steps: PlanStep[] }>();
  /**
   * What the package resolved for a route, kept after its first request: with static limits (numbers, no skipIf,
   * no custom tracker) every later request resolves the same, so it skips the package's per-request reflection
   * and awaits (12.9 % of a GET /v1/models under load, 5.1 % after; docs/benchmarks.md).
   */
  private readonly plans: Plans = new WeakMap();
  private readonly reserving = new WeakMap<object, boolean>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly rateLimits: RateLimitService,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const plan = this.plans.get(context.getClass())?.get(context.getHandler());
    let tracker: string;
    let steps: PlanStep[];
    if (plan !== undefined) {
      // A plan exists only for a route @SkipThrottle() does not skip (its metadata is static): what is left of
      // shouldSkip() is per request, and cheap enough to check without its promise and reflection.
      if (context.getType() !== 'http' || routeAdmission(req as AuthenticatedRequest) === 'public') return true;
      if (plan.length === 0) return true;
      tracker = trackerOf(req);
      steps = plan;
    } else {
      await super.canActivate(context);
      const request = this.collected.get(req);
      this.collected.delete(req);
      if (!request) return true;
      ({ tracker, steps } = request);
      if (this.isStatic(context)) this.remember(context, steps);
    }
    const windows = steps.map((step) => this.windowOf(tracker, step));
    const request = req as AuthenticatedRequest;
    const client = request.client!;
    if (this.reservesBudget(context)) {
      if (client.managed !== undefined && client.managed.budgets.length > 0) {
        // Left to the budget reservation, made in the same store operation (DeferredAdmission, docs/teams.md).
        request.client = { ...client, admission: new DeferredAdmission((hold) => this.admitNow(request, res, tracker, windows, hold)) };
        return true;
      }
      if (this.rateLimits.remote) {
        // Sent now, awaited where the budget would be reserved (before any upstream call): the Redis round trip
        // overlaps the body's validation and the request's mapping instead of preceding them.
        request.client = { ...client, admission: DeferredAdmission.inFlight(this.admitNow(request, res, tracker, windows)) };
        return true;
      }
    }
    await this.admitNow(request, res, tracker, windows);
    return true;
  }

  /** The store operation: the headers set, a refusal thrown (429, or 503 failing closed). */
  private async admitNow(req: AuthenticatedRequest, res: Record<string, unknown>, tracker: string, windows: WindowSpec[], hold?: BudgetHold): Promise<KeyAdmission> {
    const admission = await this.rateLimits.admit(req.ip, tracker, windows, 1, hold);
    for (const [name, value] of Object.entries(admission.decision.headers)) this.setResponseHeader(res, name, value);
    if (!admission.decision.allowed) throw rateLimitError(admission.decision);
    return admission;
  }

  /** Whether the route reserves a budget (@ReservesBudget), remembered per handler. */
  private reservesBudget(context: ExecutionContext): boolean {
    let marked = this.reserving.get(context.getHandler());
    if (marked === undefined) {
      marked = this.reflector.getAllAndOverride<boolean>(RESERVES_BUDGET, [context.getHandler(), context.getClass()]) === true;
      this.reserving.set(context.getHandler(), marked);
    }
    return marked;
  }

  /** The window a step spends from: the route's own (@Throttle), else the key's, else the throttler's default. */
  private windowOf(tracker: string, step: PlanStep): WindowSpec {
    const keyWindow = step.routeDefined ? undefined : this.rateLimits.windowsFor(tracker).find((window) => window.name === step.name);
    return keyWindow ?? { name: step.name, windowMs: step.windowMs, limit: step.limit };
  }

  private remember(context: ExecutionContext, steps: PlanStep[]): void {
    const byHandler = this.plans.get(context.getClass()) ?? new WeakMap<object, PlanStep[]>();
    byHandler.set(context.getHandler(), steps);
    this.plans.set(context.getClass(), byHandler);
  }

  /** True when every request of this route resolves the same steps: no functions, skipIf or custom trackers. */
  private isStatic(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const meta = (key: string, name: string): unknown => this.reflector.getAllAndOverride<unknown>(`THROTTLER:${key}${name}`, targets);
    if (this.commonOptions.skipIf !== undefined || (this.options as { getTracker?: unknown }).getTracker !== undefined) return false;
    return this.throttlers.every((throttler) => {
      const name = throttler.name ?? 'default';
      return typeof (meta('LIMIT', name) ?? throttler.limit) === 'number'
        && typeof (meta('TTL', name) ?? throttler.ttl) === 'number'
        && meta('TRACKER', name) === undefined
        && throttler.getTracker === undefined
        && throttler.skipIf === undefined;
    });
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_ALL, [context.getHandler(), context.getClass()])) return true;
    return routeAdmission(context.switchToHttp().getRequest<AuthenticatedRequest>()) === 'public';
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return trackerOf(req);
  }

  /** One throttler that applies to this route: its window, with the key's own limit unless the route sets one. */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { req } = this.getRequestResponse(props.context);
    const tracker = await props.getTracker(req, props.context);
    const name = props.throttler.name ?? 'default';
    const routeDefined = props.limit !== props.throttler.limit || props.ttl !== props.throttler.ttl;
    const entry = this.collected.get(req) ?? { tracker, steps: [] };
    entry.steps.push({ name, windowMs: props.ttl, limit: props.limit, routeDefined });
    this.collected.set(req, entry);
    return true;
  }
}
