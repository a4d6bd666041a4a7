import { enumVar, intVar } from './env.js';
export function loadResponsesSettings(env) {
    return {
        store: enumVar(env, 'RESPONSES_STORE', ['auto', 'memory', 'off'], 'auto'),
        ttlMs: intVar(env, 'RESPONSES_TTL_SECONDS', 30 * 24 * 3600, 1, 365 * 24 * 3600) * 1000,
        memoryMaxResponses: intVar(env, 'RESPONSES_MEMORY_MAX', 1000, 1, 1_000_000),
        memoryMaxBytes: intVar(env, 'RESPONSES_MEMORY_MAX_BYTES', 64 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    };
}
/** The store as the start-up lines state it (docs/responses.md): the same choice responseStoreProvider makes. */
export function responseStoreLine(settings, databaseConfigured) {
    if (settings.store === 'off')
        return 'Responses API store: off (previous_response_id answers 400)';
    if (settings.store === 'auto' && databaseConfigured)
        return 'Responses API store: PostgreSQL';
    return `Responses API store: memory (at most ${settings.memoryMaxResponses} responses, ${settings.memoryMaxBytes} bytes)`;
}
