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

  // Forwarded as called: pino's log methods take (object, message, ...args) or (message, ...args).
  info(...args: unknown[]): void {
    (this.real().info as LogMethod)(...args);
  }

  error(...args: unknown[]): void {
    (this.real().error as LogMethod)(...args);
  }

  warn(...args: unknown[]): void {
    (this.real().warn as LogMethod)(...args);
  }

  debug(...args: unknown[]): void {
    (this.real().debug as LogMethod)(...args);
  }

  fatal(...args: unknown[]): void {
    (this.real().fatal as LogMethod)(...args);
  }

  trace(...args: unknown[]): void {
    (this.real().trace as LogMethod)(...args);
  }

  silent(...args: unknown[]): void {
    (this.real().silent as LogMethod)(...args);
  }

  private real(): FastifyBaseLogger {
    return (this.built ??= this.parent.child(this.bindings, this.options));
  }
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
