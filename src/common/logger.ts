import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';

/** One JSON-lines logger for Fastify's request lines and Nest's own messages. */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Headers never reach a log line; this is the belt to the braces of logging only chosen fields.
      redact: { paths: ['req.headers', 'headers.authorization', '*.authorization', '*.apiKey', '*.api_key'], remove: true },
    },
    destination ?? pino.destination(1),
  );
}

function detail(params: unknown[]): { context?: string; stack?: string } {
  const last = params.at(-1);
  const context = typeof last === 'string' ? last : undefined;
  const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
  return { context, stack };
}

/** Adapts Nest's LoggerService calls onto pino, keeping Nest's context as a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.logger.info({ context: detail(params).context }, String(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    const { context, stack } = detail(params);
    this.logger.error({ context, stack }, String(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn({ context: detail(params).context }, String(message));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug({ context: detail(params).context }, String(message));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace({ context: detail(params).context }, String(message));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal({ context: detail(params).context }, String(message));
  }
}
