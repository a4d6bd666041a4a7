import { Logger, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import type { Db } from '../db/database.js';
import { databaseStartError } from '../db/start-error.js';
import { ApiError } from '../common/api-error.js';

/** The admin API's answer without a database. */
export const NEEDS_DATABASE = 'The admin API needs a database: set DATABASE_URL (PostgreSQL 15+) and restart the gateway.';

/**
 * The PostgreSQL connection of the teams feature, or none without DATABASE_URL. Migrations run at start (under
 * an advisory lock, so replicas starting together do not race); a database that cannot be reached or migrated
 * stops the start with one line naming the cause. Destroyed last, after the usage buffer's final flush
 * (beforeApplicationShutdown). Provided by TEAMS_DATABASE_PROVIDER, which imports kysely and pg only with a DATABASE_URL.
 */
export class TeamsDatabase implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly config: GatewayConfig,
    readonly db: Db | undefined,
  ) {}

  /**
   * Opens the pool when DATABASE_URL is set. The database layer (kysely, pg: about 5 MB of heap) is imported here
   * and in the services' queries, never statically, so a gateway without a database does not load it.
   */
  static async open(config: GatewayConfig): Promise<TeamsDatabase> {
    const { databaseUrl, dbTimeoutMs, dbPoolSize } = config.teams;
    if (!databaseUrl) return new TeamsDatabase(config, undefined);
    const { createDb } = await import('../db/database.js');
    return new TeamsDatabase(config, createDb(databaseUrl, { timeoutMs: dbTimeoutMs, poolSize: dbPoolSize }));
  }

  async onModuleInit(): Promise<void> {
    if (!this.db) return;
    try {
      const { migrateToLatest } = await import('../db/migrate.js');
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

/** TeamsDatabase as a Nest provider: built (and, with DATABASE_URL, its layer imported) before the services using it. */
export const TEAMS_DATABASE_PROVIDER: Provider = { provide: TeamsDatabase, inject: [CONFIG], useFactory: TeamsDatabase.open };
