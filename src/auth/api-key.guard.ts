import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { RateLimitService, rateLimitError } from '../rate-limit/rate-limit.service.js';
import { keyFingerprint, matchKey } from './api-keys.js';
import type { AuthenticatedRequest, ClientIdentity } from './authenticated-request.js';
import { bearerToken, unauthorized } from './bearer-token.js';
import { IS_PUBLIC } from './public.decorator.js';

/** Requires `Authorization: Bearer <key>` with one of GATEWAY_API_KEYS on every route not marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly reflector: Reflector,
    // Optional so the guard also works where rate limiting is not set up; AppModule always provides it.
    @Optional() private readonly rateLimits?: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.client = await this.authenticateFrom(request.ip, request.headers.authorization);
    return true;
  }

  /**
   * authenticate() behind the failed-authentication limit of the client's IP, so keys cannot be guessed at speed:
   * past AUTH_FAILURE_LIMIT failures it answers 429 without looking at the key. Only a key that was sent and is
   * wrong counts as a failure. For the MCP endpoint too.
   */
  async authenticateFrom(ip: string, authorization: string | string[] | undefined): Promise<ClientIdentity> {
    if (!this.rateLimits) return this.authenticate(authorization);
    const gate = await this.rateLimits.checkAuthFailures(ip);
    if (!gate.allowed) throw rateLimitError(gate);
    try {
      return this.authenticate(authorization);
    } catch (error) {
      if (authorization !== undefined) await this.rateLimits.recordAuthFailure(ip);
      throw error;
    }
  }

  /** The key check itself: a 401 for a missing or wrong key, else the key's fingerprint. */
  authenticate(authorization: string | string[] | undefined): { keyId: string } {
    if (authorization === undefined) {
      throw unauthorized("Missing API key: send 'Authorization: Bearer <key>'.", false);
    }
    const token = bearerToken(authorization);
    const digest = token === undefined ? undefined : matchKey(token, this.config.apiKeyDigests);
    if (!digest) throw unauthorized('Invalid API key.', true);
    return { keyId: keyFingerprint(digest) };
  }
}
