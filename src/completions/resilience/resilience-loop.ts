import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../../common/api-error.js';
import { UpstreamError } from '../../providers/upstream-errors.js';
import { fullJitterDelay } from './backoff.js';
import { attemptTimedOut, clientClosed, deadlineExceeded, withAttempts } from './call-errors.js';

/** One model the call may be served by: the requested one first, then its fallbacks. */
export interface CallTarget<T> {
  /** Model id, reported as `served_by`. */
  id: string;
  /** Provider name, for messages. */
  label: string;
  /** Provider kind, for metrics (the model list's `provider`). */
  provider?: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /**
   * Makes one upstream request, already checked: it fails only with an UpstreamError (the upstream or the
   * network). Anything else is a bug and ends the call unchanged.
   */
  attempt(signal: AbortSignal): Promise<T>;
}

export interface CallPolicy {
  /** Overall deadline from the start of the call, retries, backoff and fallbacks included. */
  requestTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface CallOutcome<T> {
  result: T;
  /** Upstream requests made, fallbacks included. */
  attempts: number;
  /** Id of the target that answered. */
  servedBy: string;
}

/** What a retry looks like, for the log. */
export interface RetryNotice {
  target: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface CallHooks {
  random?: () => number;
  onRetry?: (notice: RetryNotice) => void;
  onFallback?: (from: string, to: string, reason: string) => void;
  /**
   * After every attempt, with its duration: `error` is undefined for an answer, else what the attempt ended with
   * (an UpstreamError, the attempt's timeout, the deadline, or the client leaving, status 499).
   */
  onAttempt?: (target: CallTarget<unknown>, ms: number, error: ApiError | undefined) => void;
}

/** Why an attempt's controller aborted: the attempt's own timeout, the overall deadline, or the client. */
type AbortCause = 'attempt' | 'deadline' | 'client';

/**
 * Calls the targets in order until one answers. Each gets up to `maxRetries` retries on retryable failures, with
 * full-jitter backoff or the upstream's own Retry-After when it fits in the time left; a non-retryable failure of
 * the requested model ends the call, a retryable one that outlives its retries moves on to the next target.
 * The overall deadline answers 504 when it passes; a client abort ends the call at once, without retrying.
 * Each attempt has one AbortController and one timer (the earlier of its timeout and the deadline); the client's
 * signal is forwarded by a listener removed when the attempt ends.
 * Every error thrown is an ApiError carrying the X-Gateway-Attempts header (unplanned ones pass unchanged).
 */
export async function callWithResilience<T>(
  targets: readonly CallTarget<T>[],
  policy: CallPolicy,
  clientSignal?: AbortSignal,
  hooks: CallHooks = {},
): Promise<CallOutcome<T>> {
  const random = hooks.random ?? Math.random;
  const deadlineAt = Date.now() + policy.requestTimeoutMs;
  let attempts = 0;
  /** The requested model's last failure: what the client hears when every target failed. */
  let primaryFailure: ApiError | undefined;

  const interruption = (): ApiError | undefined => {
    if (clientSignal?.aborted) return clientClosed();
    if (Date.now() >= deadlineAt) return deadlineExceeded(policy.requestTimeoutMs);
    return undefined;
  };
  const fail = (error: ApiError): ApiError => withAttempts(error, attempts);

  for (const [index, target] of targets.entries()) {
    const primary = index === 0;
    if (!primary) hooks.onFallback?.(targets[0].id, target.id, primaryFailure?.message ?? '');
    for (let retry = 0; ; retry += 1) {
      const stopped = interruption();
      if (stopped) throw fail(stopped);
      attempts += 1;
      const remaining = deadlineAt - Date.now();
      const controller = new AbortController();
      let cause: AbortCause | undefined;
      const stop = (why: AbortCause): void => {
        cause ??= why;
        controller.abort();
      };
      const timer = setTimeout(() => stop(target.timeoutMs < remaining ? 'attempt' : 'deadline'), Math.min(target.timeoutMs, remaining));
      const onClientAbort = (): void => stop('client');
      clientSignal?.addEventListener('abort', onClientAbort, { once: true });
      let failure: UpstreamError;
      const startedAt = performance.now();
      try {
        const result = await target.attempt(controller.signal);
        hooks.onAttempt?.(target, performance.now() - startedAt, undefined);
        return { result, attempts, servedBy: target.id };
      } catch (error) {
        const ended = (why: ApiError): ApiError => {
          hooks.onAttempt?.(target, performance.now() - startedAt, why);
          return why;
        };
        if (cause === 'client') throw fail(ended(clientClosed()));
        if (cause === 'deadline') throw fail(ended(deadlineExceeded(policy.requestTimeoutMs)));
        if (cause === 'attempt') failure = attemptTimedOut(target.label, target.timeoutMs);
        else if (error instanceof UpstreamError) failure = error;
        else throw error;
        ended(failure);
      } finally {
        clearTimeout(timer);
        clientSignal?.removeEventListener('abort', onClientAbort);
      }

      if (primary) primaryFailure = failure;
      if (!failure.retryable) {
        if (primary) throw fail(failure);
        break;
      }
      if (retry >= policy.maxRetries) break;
      const left = deadlineAt - Date.now();
      const hinted = failure.retryAfterMs;
      // An upstream hint that does not fit in the time left means: give up now, with the upstream's answer.
      const delayMs = hinted ?? fullJitterDelay(retry, policy.retryBaseMs, policy.retryMaxMs, random);
      if (delayMs >= left) break;
      hooks.onRetry?.({ target: target.id, attempt: attempts + 1, delayMs, reason: failure.message });
      // The delay ends before the deadline, so only the client can cut it short.
      try {
        await sleep(delayMs, undefined, clientSignal ? { signal: clientSignal } : {});
      } catch {
        throw fail(clientClosed());
      }
    }
  }
  throw fail(primaryFailure ?? new ApiError(502, 'No upstream could serve the request.', 'upstream_error'));
}
