import { Injectable } from '@nestjs/common';
import type { LoggingLevel, McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { CallObserver } from '../completions/resilience/resilience-policy.js';
import { callerOf } from './mcp-caller.js';

/** RFC 5424 order, least severe first, as the MCP logging utility defines it. */
const SEVERITY: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** The `logger` field of every notifications/message this server sends. */
export const LOGGER_NAME = 'litellm-mcp-server';

/** Sends one log notification to the client of the current request (dropped below its level). */
export type ClientLog = (level: LoggingLevel, message: string, details?: Record<string, unknown>) => void;

/**
 * The levels clients set with `logging/setLevel`. Over HTTP every request gets a fresh server instance (stateless
 * in both eras), so a level set in one request would be forgotten by the next: it is remembered per client key
 * (a bounded set: the configured keys) and applied to that key's later tool calls on this process. stdio keeps
 * one server per connection, which holds its own level.
 */
@Injectable()
export class ClientLogLevels {
  private readonly byKey = new Map<string, LoggingLevel>();

  /**
   * Replaces the SDK's per-instance `logging/setLevel` handler (the server must declare `logging`) with one that
   * remembers the level per key; returns the log function for a request on that server.
   */
  installOn(server: McpServer): (ctx: ServerContext) => ClientLog {
    let ownLevel: LoggingLevel | undefined;
    server.server.setRequestHandler('logging/setLevel', (request, ctx) => {
      const caller = callerOf(ctx);
      if (caller) this.byKey.set(caller.keyId, request.params.level);
      else ownLevel = request.params.level;
      return {};
    });
    return (ctx) => {
      const caller = callerOf(ctx);
      return clientLog(ctx, caller ? this.byKey.get(caller.keyId) : ownLevel);
    };
  }
}

/**
 * The log function for one tool call: at or above `threshold` (everything when none was set), through the SDK's
 * `ctx.mcpReq.log`, which also applies the 2026-07-28 per-request `_meta` log level (no level there: no logs).
 * A notification the client can no longer receive is not worth failing the call over.
 */
export function clientLog(ctx: ServerContext, threshold: LoggingLevel | undefined): ClientLog {
  const floor = threshold === undefined ? 0 : SEVERITY.indexOf(threshold);
  return (level, message, details = {}) => {
    if (SEVERITY.indexOf(level) < floor) return;
    ctx.mcpReq.log(level, { message, ...details }, LOGGER_NAME).catch(() => undefined);
  };
}

/** A completion's retries and fallbacks as `warning` notifications: why a call is slow, or served by another model. */
export function upstreamNotices(log: ClientLog): CallObserver {
  return {
    onRetry: ({ target, attempt, delayMs, reason }) =>
      log('warning', `Model '${target}' failed (${reason}); retrying in ${delayMs} ms (attempt ${attempt}).`, {
        model: target,
        attempt,
        delay_ms: delayMs,
      }),
    onFallback: (from, to, reason) =>
      log('warning', `Model '${from}' failed (${reason}); falling back to '${to}'.`, { model: from, fallback: to }),
  };
}
