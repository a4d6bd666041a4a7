import { createRequire } from 'node:module';

/**
 * CommonJS packages a feature needs only when it is configured (ioredis with REDIS_URL, pino-pretty with
 * LOG_FORMAT=pretty), required where they are first used instead of imported at start: a gateway without the
 * feature never loads them (docs/decisions/0005-lazy-modules.md). `require`, not `import()`, because they are used
 * in constructors and other synchronous code.
 */
const requireOnUse = createRequire(import.meta.url);

export function ioredis(): typeof import('ioredis') {
  return requireOnUse('ioredis') as typeof import('ioredis');
}

export function pinoPretty(): typeof import('pino-pretty') {
  return requireOnUse('pino-pretty') as typeof import('pino-pretty');
}
