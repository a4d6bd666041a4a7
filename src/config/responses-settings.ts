import { enumVar, intVar, type Env } from './env.js';

/** Where stored Responses API responses live (docs/responses.md): PostgreSQL with DATABASE_URL, else memory. */
export interface ResponsesSettings {
  /** `auto`: PostgreSQL when DATABASE_URL is set, else memory; `memory`; `off` (nothing kept). */
  store: 'auto' | 'memory' | 'off';
  /** How long a stored response is kept. */
  ttlMs: number;
  /** The in-memory store's bounds: beyond either, the oldest responses are dropped first. */
  memoryMaxResponses: number;
  memoryMaxBytes: number;
}

export function loadResponsesSettings(env: Env): ResponsesSettings {
  return {
    store: enumVar(env, 'RESPONSES_STORE', ['auto', 'memory', 'off'], 'auto'),
    ttlMs: intVar(env, 'RESPONSES_TTL_SECONDS', 30 * 24 * 3600, 1, 365 * 24 * 3600) * 1000,
    memoryMaxResponses: intVar(env, 'RESPONSES_MEMORY_MAX', 1000, 1, 1_000_000),
    memoryMaxBytes: intVar(env, 'RESPONSES_MEMORY_MAX_BYTES', 64 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
  };
}

/** The store as the start-up lines state it (docs/responses.md): the same choice responseStoreProvider makes. */
export function responseStoreLine(settings: ResponsesSettings, databaseConfigured: boolean): string {
  if (settings.store === 'off') return 'Responses API store: off (previous_response_id answers 400)';
  if (settings.store === 'auto' && databaseConfigured) return 'Responses API store: PostgreSQL';
  return `Responses API store: memory (at most ${settings.memoryMaxResponses} responses, ${settings.memoryMaxBytes} bytes)`;
}
