import type { ServerContext } from '@modelcontextprotocol/server';

/**
 * While a completion runs, sends `notifications/progress` every `intervalMs` when the client asked for progress
 * (gave a progressToken). Providers are called without streaming, so there is no token count to report: progress
 * counts the notifications and the message says how long the call has waited. It also keeps clients that reset
 * their request timeout on progress from giving up on a slow model. Returns the function that stops it.
 */
export function startProgressHeartbeat(ctx: ServerContext, intervalMs: number, what: string): () => void {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return () => undefined;
  const started = Date.now();
  let progress = 0;
  const send = (): void => {
    progress += 1;
    const seconds = Math.floor((Date.now() - started) / 1000);
    // A notification that cannot be delivered (the client left) is not worth failing the call over.
    ctx.mcpReq
      .notify({ method: 'notifications/progress', params: { progressToken: token, progress, message: `${what} (${seconds} s)` } })
      .catch(() => undefined);
  };
  send();
  const timer = setInterval(send, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
