import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogFormat } from '../config/gateway-config.js';
import { pinoPretty } from './load-on-use.js';
import { batchedStdout } from './log-destination.js';

/**
 * LOG_FORMAT=pretty: pino-pretty as a synchronous stream in front of the destination, one readable line per
 * entry. Only built when asked for, so the JSON path is plain pino with nothing in between.
 */
function prettyStream(destination?: DestinationStream): DestinationStream {
  return pinoPretty().PinoPretty({
    destination: destination ?? 1,
    sync: true,
    colorize: false,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}

/** One logger for Fastify's request lines and Nest's own messages: JSON lines, or text for humans. */
export function createRootLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const target = format === 'pretty' ? prettyStream(destination) : (destination ?? batchedStdout());
  return pino(
    {
      level,
      base: undefined,
      // Headers never reach a log line; this is the belt to the braces of logging only chosen fields.
      redact: { paths: ['req.headers', 'headers.authorization', '*.authorization', 'headers["x-api-key"]', '*["x-api-key"]', '*.apiKey', '*.api_key'], remove: true },
    },
    target,
  );
}

function detail(params: unknown[]): { context?: string; stack?: string } {
  const last = params.at(-1);
  const context = typeof last === 'string' ? last : undefined;
  const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
  return { context, stack };
}

/** Nest's start-up narration (modules loaded, routes mapped): debug, so a start shows only our own few lines. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Adapts Nest's LoggerService calls onto pino, keeping Nest's context as a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const { context } = detail(params);
    if (context !== undefined && FRAMEWORK_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    const { context, stack } = detail(params);
    // A failed listen: main.ts reports it itself in one line (PORT already in use, …) or crashes with it.
    if (context === 'NestApplication' && String(message).startsWith('Error: listen ')) this.logger.debug({ context }, String(message));
    else this.logger.error({ context, stack }, String(message));
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
