import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

type ChildLoggerFactory = FastifyInstance['childLoggerFactory'];
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;
type LogMethod = (...args: unknown[]) => void;

/**
 * `request.log` until its first use: the child is built then. The methods live on the prototype, so a request
 * that never logs through it costs one object of three fields (no closures).
 */
class LazyChildLogger {
  private built: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  get level(): string {
    return this.built?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  child(...args: Parameters<FastifyBaseLogger['child']>): FastifyBaseLogger {
    return this.real().child(...args);
  }

  /** The child, built on first use. */
  real(): FastifyBaseLogger {
    return (this.built ??= this.parent.child(this.bindings, this.options));
  }
}

type Method = 'info' | 'error' | 'warn' | 'debug' | 'fatal' | 'trace' | 'silent';
const METHODS: readonly Method[] = ['info', 'error', 'warn', 'debug', 'fatal', 'trace', 'silent'];
// The log methods, once on the prototype (no closures per request), forwarded as called: pino's take (object,
// message, ...args) or (message, ...args).
for (const method of METHODS) {
  (LazyChildLogger.prototype as unknown as Record<Method, LogMethod>)[method] = function (this: LazyChildLogger, ...args: unknown[]): void {
    (this.real()[method] as LogMethod)(...args);
  };
}

/**
 * Fastify gives every request its own child logger (`request.log`), and pino builds each child at once: its
 * bindings (the request id) cloned and redacted, serialised (1-2 % of a request's CPU under load). Most requests
 * never log through it: the request line is written from the root logger (RequestLine). So the child is built on
 * its first use; until then `request.log` forwards nothing and costs one small object.
 */
export const lazyChildLoggerFactory: ChildLoggerFactory = function (logger, bindings, options) {
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
};
