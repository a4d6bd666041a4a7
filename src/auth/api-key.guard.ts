import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { keyFingerprint, matchKey } from './api-keys.js';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { bearerToken, unauthorized } from './bearer-token.js';
import { IS_PUBLIC } from './public.decorator.js';

/** Requires `Authorization: Bearer <key>` with one of GATEWAY_API_KEYS on every route not marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.client = this.authenticate(request.headers.authorization);
    return true;
  }

  /** Shared with the MCP endpoint, which authenticates outside Nest's guards. */
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
