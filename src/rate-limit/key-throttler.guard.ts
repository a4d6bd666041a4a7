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
import { RateLimitService, rateLimitError } from './rate-limit.service.js';
import type { WindowSpec } from './window-store.js';

/** Where @SkipThrottle() with no argument puts its mark (`THROTTLER:SKIP` + `default`, see the package's constants). */
const SKIP_ALL = 'THROTTLER:SKIP' + 'default';

/**
 * ThrottlerGuard, used through its extension points: the package resolves, per named throttler (burst,
 * per-minute), @SkipThrottle({ name: true }) and @Throttle({ name: { limit, ttl } }), and calls handleRequest() for
 * each throttler that applies. Here handleRequest() only collects the resolved window; the one store operation of
 * the request then spends from all of them at once (RateLimitService.admit: also the address's failed-authentication
 * gate), so a request refused by one window spends nothing in the other. `@SkipThrottle()` with no argument (which
 * the package records for a throttler named `default`, absent here) skips the key's budget entirely.
 * The tracker is the client key's fingerprint, set by the admission hook before the body was read; public routes
 * have none and are not limited. This is the only global guard, so no guard order depends on module order.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  private readonly collected = new WeakMap<object, { tracker: string; windows: WindowSpec[] }>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly rateLimits: RateLimitService,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const { req, res } = this.getRequestResponse(context);
    const request = this.collected.get(req);
    if (!request) return true;
    this.collected.delete(req);
    const { decision } = await this.rateLimits.admit((req as AuthenticatedRequest).ip, request.tracker, request.windows);
    for (const [name, value] of Object.entries(decision.headers)) this.setResponseHeader(res, name, value);
    if (!decision.allowed) throw rateLimitError(decision);
    return true;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_ALL, [context.getHandler(), context.getClass()])) return true;
    return routeAdmission(context.switchToHttp().getRequest<AuthenticatedRequest>()) === 'public';
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const keyId = (req as { client?: ClientIdentity }).client?.keyId;
    // Only reachable if a route needing a key escaped the admission hook: refuse loudly rather than serve unlimited.
    if (keyId === undefined) throw new Error('a request reached the throttler without a client identity');
    return keyId;
  }

  /** One throttler that applies to this route: its window, with the key's own limit unless the route sets one. */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { req } = this.getRequestResponse(props.context);
    const tracker = await props.getTracker(req, props.context);
    const name = props.throttler.name ?? 'default';
    const routeDefined = props.limit !== props.throttler.limit || props.ttl !== props.throttler.ttl;
    const keyWindow = this.rateLimits.windowsFor(tracker).find((window) => window.name === name);
    const window = routeDefined || !keyWindow ? { name, windowMs: props.ttl, limit: props.limit } : keyWindow;
    const entry = this.collected.get(req) ?? { tracker, windows: [] };
    entry.windows.push(window);
    this.collected.set(req, entry);
    return true;
  }
}
