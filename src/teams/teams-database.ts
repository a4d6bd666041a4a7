import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { createDb, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { databaseStartError } from '../db/start-error.js';
import { ApiError } from '../common/api-error.js';

/** The admin API's answer without a database. */
export const NEEDS_DATABASE = 'The admin API needs a database: set DATABASE_URL (PostgreSQL 15+) and restart the gateway.';

/**
 * The PostgreSQL connection of the teams feature, or none without DATABASE_URL. Migrations run at start (under
 * an advisory lock, so replicas starting together do not race); a database that cannot be reached or migrated
 * stops the start with one line naming the cause. Destroyed last, after the usage buffer's final flush
 * (beforeApplicationShutdown).
 */
@Injectable()
export class TeamsDatabase implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  readonly db: Db | undefined;

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {
    const { databaseUrl, dbTimeoutMs, dbPoolSize } = config.teams;
    this.db = databaseUrl ? createDb(databaseUrl, { timeoutMs: dbTimeoutMs, poolSize: dbPoolSize }) : undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.db) return;
    try {
      const applied = await migrateToLatest(this.db);
      if (applied.length > 0) this.logger.log(`database migrations applied: ${applied.join(', ')}`);
    } catch (error) {
      await this.db.destroy();
      throw databaseStartError(error, this.config.teams.databaseUrl ?? '');
    }
  }

  /** The database, or the 503 every admin route answers without one. */
  required(): Db {
    if (!this.db) throw this.unavailable();
    return this.db;
  }

  unavailable(): ApiError {
    return new ApiError(503, NEEDS_DATABASE, 'service_unavailable');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db?.destroy();
  }
}
