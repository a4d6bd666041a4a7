import type { ServerContext } from '@modelcontextprotocol/server';

/** Text progress is sent at most this often: a fast model would otherwise send a notification per token. */
export const TEXT_PROGRESS_GAP_MS = 100;

/** Progress of one streamed completion: `text` reports the text so far; `stop` ends the notifications. */
export interface ProgressReporter {
  text(soFar: string): void;
  stop(): void;
}

const SILENT: ProgressReporter = { text: () => undefined, stop: () => undefined };

/**
 * Sends `notifications/progress` while a completion runs, when the client asked for progress (gave a
 * progressToken): the text generated so far as the message, as it streams in (at most every
 * TEXT_PROGRESS_GAP_MS), and every `intervalMs` while nothing new comes (before the first token: how long the call
 * has waited), which also keeps clients that reset their timeout on progress from giving up on a slow model.
 * `progress` counts the notifications.
 */
export function startProgressHeartbeat(ctx: ServerContext, intervalMs: number, what: string): ProgressReporter {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return SILENT;
  const started = Date.now();
  let progress = 0;
  let lastSent = 0;
  let latest = '';
  let trailing: NodeJS.Timeout | undefined;
  const send = (): void => {
    progress += 1;
    lastSent = Date.now();
    const message = latest !== '' ? latest : `${what} (${Math.floor((lastSent - started) / 1000)} s)`;
    // A notification that cannot be delivered (the client left) is not worth failing the call over.
    ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress, message } }).catch(() => undefined);
  };
  send();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastSent >= intervalMs && trailing === undefined) send();
  }, intervalMs);
  heartbeat.unref();
  return {
    text: (soFar) => {
      latest = soFar;
      if (trailing !== undefined) return;
      const wait = lastSent + TEXT_PROGRESS_GAP_MS - Date.now();
      if (wait <= 0) return send();
      trailing = setTimeout(() => {
        trailing = undefined;
        send();
      }, wait);
    },
    stop: () => {
      clearInterval(heartbeat);
      clearTimeout(trailing);
    },
  };
}
