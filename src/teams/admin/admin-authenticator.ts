import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { keyFingerprint, matchKey } from '../../auth/api-keys.js';
import { bearerToken } from '../../auth/bearer-token.js';
import { KeyAuthenticator } from '../../auth/key-authenticator.js';
import { ApiError } from '../../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import { TeamsDatabase } from '../teams-database.js';

/** Who made an admin request: the admin key's fingerprint (what the audit trail records, never the key). */
export interface AdminIdentity {
  actor: string;
}

export type AdminRequest = FastifyRequest & { admin?: AdminIdentity };

/**
 * Admits /admin/v1 requests before their body: only keys from GATEWAY_ADMIN_KEYS, a separate set of digests,
 * so a client key is refused here and an admin key is refused on client routes. A wrong key counts towards the
 * address's failed-authentication limit like any other.
 */
@Injectable()
export class AdminAuthenticator {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly database: TeamsDatabase,
    private readonly keys: KeyAuthenticator,
  ) {}

  /** undefined once `request.admin` is set; otherwise the error to answer. */
  async admit(request: AdminRequest): Promise<ApiError | undefined> {
    if (!this.database.db) return this.database.unavailable();
    const digests = this.config.teams.adminKeyDigests;
    if (digests.length === 0) return new ApiError(503, 'The admin API needs GATEWAY_ADMIN_KEYS: set at least one admin key and restart the gateway.', 'service_unavailable');
    const authorization = request.headers.authorization;
    const token = bearerToken(authorization);
    const digest = token === undefined ? undefined : matchKey(token, digests);
    if (digest) {
      request.admin = { actor: `admin:${keyFingerprint(digest)}` };
      return undefined;
    }
    return this.keys.refusal(request.ip, authorization);
  }
}
