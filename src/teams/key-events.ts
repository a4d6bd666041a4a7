import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ioredis } from '../common/load-on-use.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';

/** What changed: every cached entry of this key, or of this team's keys, must be dropped. */
export interface KeyChange {
  keyId?: string;
  teamId?: string;
}

/**
 * Tells every replica that a key or team changed (revoked, rotated, restricted), through Redis pub/sub when
 * REDIS_URL is set, so the change applies everywhere at once; without Redis, other replicas see it when their
 * cache entry expires (KEY_CACHE_TTL_MS). Messages carry ids only, never a secret or a digest.
 */
@Injectable()
export class KeyEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('KeyEvents');
  private readonly channel: string;
  private readonly publisher?: Redis;
  private readonly subscriber?: Redis;
  private readonly listeners: ((change: KeyChange) => void)[] = [];

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    const { redisUrl, redisKeyPrefix } = config.rateLimit;
    this.channel = `${redisKeyPrefix}key-changes`;
    if (!redisUrl || !config.teams.databaseUrl) return;
    const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true };
    const { Redis: Client } = ioredis();
    this.publisher = new Client(redisUrl, options);
    this.subscriber = new Client(redisUrl, options);
    for (const client of [this.publisher, this.subscriber]) client.on('error', (error: Error) => this.logger.debug(`redis: ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.received(message));
    void this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`cannot subscribe to key changes: ${error.message}`));
  }

  onChange(listener: (change: KeyChange) => void): void {
    this.listeners.push(listener);
  }

  /** Applies the change here at once, and tells the other replicas. */
  async publish(change: KeyChange): Promise<void> {
    for (const listener of this.listeners) listener(change);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(this.channel, JSON.stringify(change));
    } catch (error) {
      this.logger.warn(`key change not propagated (other replicas apply it within KEY_CACHE_TTL_MS): ${(error as Error).message}`);
    }
  }

  private received(message: string): void {
    try {
      const change = JSON.parse(message) as KeyChange;
      for (const listener of this.listeners) listener({ keyId: change.keyId, teamId: change.teamId });
    } catch {
      // Not ours: ignored.
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
