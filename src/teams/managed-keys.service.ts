import { Inject, Injectable, Logger } from '@nestjs/common';
import { sha256 } from '../auth/api-keys.js';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { KeyCache } from './key-cache.js';
import { KeyEvents } from './key-events.js';
import { findKeyByDigest } from './key-lookup.js';
import { looksManaged } from './key-secret.js';
import type { ManagedKey } from './managed-key.js';
import { TeamsDatabase } from './teams-database.js';

/**
 * Managed keys on the admission path. A known key is answered from memory (identifyCached, synchronous); an
 * unknown `sk-gw-` token, or one whose entry is older than KEY_CACHE_TTL_MS, costs one database lookup
 * (lookUp). While the database is unreachable, a key seen before keeps working from its stale entry; a key
 * never seen gets 503 (it may be valid), not 401.
 */
@Injectable()
export class ManagedKeys {
  private readonly logger = new Logger('ManagedKeys');
  private readonly cache: KeyCache;
  private databaseDown = false;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    private readonly database: TeamsDatabase,
    private readonly rateLimits: RateLimitService,
    private readonly events: KeyEvents,
  ) {
    this.cache = new KeyCache(config.teams.keyCacheTtlMs);
    events.onChange((change) => this.cache.invalidate(change));
  }

  get enabled(): boolean {
    return this.database.db !== undefined;
  }

  identifyCached(token: string): ClientIdentity | undefined {
    if (!this.enabled || !looksManaged(token)) return undefined;
    const key = this.cache.fresh(sha256(token).toString('hex'));
    return key && this.usable(key) ? this.identity(key) : undefined;
  }

  /** Worth an asynchronous lookup: the database is configured and the token is shaped like a managed key. */
  mayLookUp(token: string): boolean {
    return this.enabled && looksManaged(token);
  }

  /** The key's identity from the database (undefined: no such usable key). Throws a 503 ApiError only when the database is down and the key was never seen. */
  async lookUp(token: string): Promise<ClientIdentity | undefined> {
    const digest = sha256(token);
    const hex = digest.toString('hex');
    let key: ManagedKey | null;
    try {
      key = await findKeyByDigest(this.database.required(), digest);
      if (this.databaseDown) this.logger.log('database reachable again: key lookups resumed');
      this.databaseDown = false;
    } catch (error) {
      if (!this.databaseDown) this.logger.warn(`database unreachable for key lookups, serving cached keys: ${(error as Error).message}`);
      this.databaseDown = true;
      const stale = this.cache.stale(hex);
      if (stale && this.usable(stale)) return this.identity(stale);
      throw new ApiError(503, 'The key store is unreachable, so this key cannot be checked; try again shortly.', 'service_unavailable');
    }
    if (!key) {
      this.cache.delete(hex);
      return undefined;
    }
    this.cache.set(hex, key);
    this.rateLimits.setKeyLimits(key.id, key.rateLimit);
    return this.identity(key);
  }

  /** Drops the cached entries of a key or team here and on every replica (Redis pub/sub). */
  changed(change: { keyId?: string; teamId?: string }): Promise<void> {
    return this.events.publish(change);
  }

  private usable(key: ManagedKey): boolean {
    return key.expiresAt === null || key.expiresAt.getTime() > Date.now();
  }

  private identity(key: ManagedKey): ClientIdentity {
    return { keyId: key.id, managed: key };
  }
}
