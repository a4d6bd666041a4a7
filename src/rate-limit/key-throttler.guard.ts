import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { AuthenticatedRequest, ClientIdentity } from '../auth/authenticated-request.js';
import { RateLimitService, rateLimitError } from './rate-limit.service.js';

/**
 * The throttler guard, per client key: it runs after ApiKeyGuard, tracks `request.client.keyId`, and spends from
 * RateLimitService's budget (the one MCP uses too). ThrottlerGuard's own loop increments each throttler
 * separately, so a request refused by the per-minute limit would already have spent burst budget; this guard asks
 * for both windows in one atomic operation instead. Routes without a client (public ones) are not limited.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly rateLimits: RateLimitService,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return context.switchToHttp().getRequest<AuthenticatedRequest>().client === undefined;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as { client?: ClientIdentity }).client!.keyId;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await this.shouldSkip(context)) return true;
    const { req, res } = this.getRequestResponse(context);
    const decision = await this.rateLimits.consume(await this.commonOptions.getTracker!(req, context));
    for (const [name, value] of Object.entries(decision.headers)) this.setResponseHeader(res, name, value);
    if (!decision.allowed) throw rateLimitError(decision);
    return true;
  }
}
