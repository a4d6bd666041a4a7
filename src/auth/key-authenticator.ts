import { Inject, Injectable, Optional } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { ApiError } from '../common/api-error.js';
import { ManagedKeys } from '../teams/managed-keys.service.js';
import { RateLimitService, rateLimitError } from '../rate-limit/rate-limit.service.js';
import { keyFingerprint, matchKey } from './api-keys.js';
import type { ClientIdentity } from './authenticated-request.js';
import { bearerToken, invalidKey, missingKey } from './bearer-token.js';

/**
 * Checks `Authorization: Bearer <key>` against GATEWAY_API_KEYS, for every surface (the REST admission hook and
 * /mcp). A valid key is recognised in memory (constant time), with no store operation: its request's one store
 * operation comes later, when its budget is spent (KeyThrottlerGuard, MCP tools/call), and that operation also
 * checks the address's failed-authentication limit. A missing or wrong key costs one store operation here.
 */
@Injectable()
export class KeyAuthenticator {
  /**
   * GATEWAY_API_KEYS already matched, by the key as presented: a valid key is hashed once, not per request (the
   * SHA-256 was about 3 % of a request's CPU). Only keys that matched get in, so it holds at most one entry per
   * configured key (each spelling a client uses); a wrong key is still hashed and compared in constant time.
   */
  private readonly matched = new Map<string, Readonly<ClientIdentity>>();

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly rateLimits: RateLimitService,
    @Optional() private readonly managed?: ManagedKeys,
  ) {}

  /** The identity of a valid key, or undefined. Synchronous: no I/O on the path of a valid request. */
  identify(authorization: string | string[] | undefined): ClientIdentity | undefined {
    const token = authorization === undefined ? undefined : bearerToken(authorization);
    if (token === undefined) return undefined;
    const known = this.matched.get(token);
    if (known) return known;
    const digest = matchKey(token, this.config.apiKeyDigests);
    if (!digest) return this.managed?.identifyCached(token);
    const identity = Object.freeze({ keyId: keyFingerprint(digest) });
    this.matched.set(token, identity);
    return identity;
  }

  /**
   * identify(), then, for a managed key (`sk-gw-`) not known in memory, one database lookup; otherwise the
   * refusal(). Answers the identity or the error to send. An address past AUTH_FAILURE_LIMIT is refused before
   * the lookup, so guesses cannot make the gateway query the database more than the limit allows.
   */
  async resolve(ip: string, authorization: string | string[] | undefined): Promise<ClientIdentity | ApiError> {
    const known = this.identify(authorization);
    if (known) return known;
    const token = authorization === undefined ? undefined : bearerToken(authorization);
    if (token !== undefined && this.managed?.mayLookUp(token)) {
      const lockout = await this.rateLimits.authFailure(ip, false);
      if (!lockout.allowed) return rateLimitError(lockout);
      try {
        const found = await this.managed.lookUp(token);
        if (found) return found;
      } catch (error) {
        if (error instanceof ApiError) return error;
        throw error;
      }
    }
    return this.refusal(ip, authorization);
  }

  /**
   * The error for a request identify() did not accept: 401 (with the Bearer challenge), or 429 once its address
   * is past AUTH_FAILURE_LIMIT, or 503 failing closed without a store. A key that was sent and is wrong counts as
   * a failure; a request without any key is not a guess and is not counted.
   */
  async refusal(ip: string, authorization: string | string[] | undefined): Promise<ApiError> {
    const sent = authorization !== undefined;
    const limit = await this.rateLimits.authFailure(ip, sent);
    if (!limit.allowed) return rateLimitError(limit);
    return sent ? invalidKey() : missingKey();
  }
}
