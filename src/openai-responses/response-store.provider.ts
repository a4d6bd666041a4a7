import type { Provider } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { TeamsDatabase } from '../teams/teams-database.js';
import { MemoryResponseStore } from './memory-response-store.js';
import { PostgresResponseStore } from './postgres-response-store.js';
import { RESPONSE_STORE, type ResponseStore } from './response-store.js';

/** RESPONSES_STORE: `auto` is PostgreSQL with DATABASE_URL, else memory; `off` keeps nothing (docs/responses.md). */
export const responseStoreProvider: Provider = {
  provide: RESPONSE_STORE,
  inject: [CONFIG, TeamsDatabase],
  useFactory: (config: GatewayConfig, database: TeamsDatabase): ResponseStore | undefined => {
    const settings = config.responses;
    if (settings.store === 'off') return undefined;
    return settings.store === 'auto' && database.db
      ? new PostgresResponseStore(database.db, settings.ttlMs)
      : new MemoryResponseStore({ maxResponses: settings.memoryMaxResponses, maxBytes: settings.memoryMaxBytes, ttlMs: settings.ttlMs });
  },
};
