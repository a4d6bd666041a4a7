import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../../common/api-error.js';
import { UpstreamError } from '../upstream-errors.js';
import { fullJitterDelay } from './backoff.js';
import { attemptTimedOut, clientClosed, deadlineExceeded, withAttempts } from './call-errors.js';

/** One model the call may be served by: the requested one first, then its fallbacks. */
export interface CallTarget<T> {
  /** Model id, reported as `served_by`. */
  id: string;
  /** Provider name, for messages. */
  label: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /**
   * Makes one upstream request. Failures from the upstream (or the network) must be UpstreamErrors; anything
   * else means the request was refused before it was sent (the attempt does not count).
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
  value: T;
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
}

/**
 * Calls the targets in order until one answers. Each gets up to `maxRetries` retries on retryable failures, with
 * full-jitter backoff or the upstream's own Retry-After when it fits in the time left; a non-retryable failure of
 * the requested model ends the call, a retryable one that outlives its retries moves on to the next target.
 * The overall deadline answers 504 when it passes; a client abort ends the call at once, without retrying.
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
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), policy.requestTimeoutMs);
  const stop = clientSignal === undefined ? deadline.signal : AbortSignal.any([clientSignal, deadline.signal]);
  let attempts = 0;
  /** The requested model's last failure: what the client hears when every target failed. */
  let primaryFailure: ApiError | undefined;

  const interruption = (): ApiError | undefined => {
    if (clientSignal?.aborted) return clientClosed();
    if (deadline.signal.aborted) return deadlineExceeded(policy.requestTimeoutMs);
    return undefined;
  };
  const fail = (error: ApiError): ApiError => withAttempts(error, attempts);

  try {
    for (const [index, target] of targets.entries()) {
      const primary = index === 0;
      if (!primary) hooks.onFallback?.(targets[0].id, target.id, primaryFailure?.message ?? '');
      for (let retry = 0; ; retry += 1) {
        const stopped = interruption();
        if (stopped) throw fail(stopped);
        attempts += 1;
        const attemptTimeout = new AbortController();
        const attemptTimer = setTimeout(() => attemptTimeout.abort(), target.timeoutMs);
        let failure: UpstreamError;
        try {
          const value = await target.attempt(AbortSignal.any([stop, attemptTimeout.signal]));
          return { value, attempts, servedBy: target.id };
        } catch (error) {
          const interrupted = interruption();
          if (interrupted) throw fail(interrupted);
          if (attemptTimeout.signal.aborted) {
            failure = attemptTimedOut(target.label, target.timeoutMs);
          } else if (error instanceof UpstreamError) {
            failure = error;
          } else {
            // Refused before anything was sent: the client's mistake for the requested model, a skip for a fallback.
            attempts -= 1;
            if (primary) throw error instanceof ApiError ? fail(error) : error;
            break;
          }
        } finally {
          clearTimeout(attemptTimer);
        }

        if (primary) primaryFailure = failure;
        if (!failure.retryable) {
          if (primary) throw fail(failure);
          break;
        }
        if (retry >= policy.maxRetries) break;
        const remaining = deadlineAt - Date.now();
        const hinted = failure.retryAfterMs;
        // An upstream hint that does not fit in the time left means: give up now, with the upstream's answer.
        const delayMs = hinted ?? fullJitterDelay(retry, policy.retryBaseMs, policy.retryMaxMs, random);
        if (delayMs >= remaining) break;
        hooks.onRetry?.({ target: target.id, attempt: attempts + 1, delayMs, reason: failure.message });
        try {
          await sleep(delayMs, undefined, { signal: stop });
        } catch {
          throw fail(interruption() ?? clientClosed());
        }
      }
    }
    throw fail(primaryFailure ?? new ApiError(502, 'No upstream could serve the request.', 'upstream_error'));
  } finally {
    clearTimeout(deadlineTimer);
  }
}
