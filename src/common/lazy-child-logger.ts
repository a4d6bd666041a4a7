import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

type ChildLoggerFactory = FastifyInstance['childLoggerFactory'];

type Method = 'info' | 'error' | 'warn' | 'debug' | 'fatal' | 'trace' | 'silent';
const METHODS: readonly Method[] = ['info', 'error', 'warn', 'debug', 'fatal', 'trace', 'silent'];

/**
 * Fastify gives every request its own child logger (`request.log`), and pino builds each child at once: its
 * bindings (the request id) cloned and redacted, serialised (1-2 % of a request's CPU under load). Most requests
 * never log through it: the request line is written from the root logger (RequestLine). So the child is built on
 * its first use; until then `request.log` forwards nothing and costs one small object.
 */
export const lazyChildLoggerFactory: ChildLoggerFactory = function (logger, bindings, options) {
  let child: FastifyBaseLogger | undefined;
  const real = (): FastifyBaseLogger => (child ??= logger.child(bindings, options));
  const lazy = {
    get level(): string {
      return child?.level ?? options.level ?? logger.level;
    },
    set level(level: string) {
      real().level = level;
    },
    child: (...args: Parameters<FastifyBaseLogger['child']>) => real().child(...args),
  } as Record<string, unknown>;
  for (const method of METHODS) {
    // Forwarded as called: pino's log methods take (object, message, ...args) or (message, ...args).
    lazy[method] = (...args: unknown[]) => (real()[method] as (...a: unknown[]) => void)(...args);
  }
  return lazy as unknown as FastifyBaseLogger;
};
