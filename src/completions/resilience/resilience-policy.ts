import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../../config/gateway-config.js';
import type { ModelEntry } from '../../config/model-entry.js';
import { GatewayMetrics } from '../../observability/gateway-metrics.js';
import type { RequestFacts } from '../../observability/request-facts.js';
import { callWithResilience, type CallHooks, type CallOutcome } from './resilience-loop.js';

/** One model a call may be served by, with the (already checked) provider call to make. */
export interface ModelTarget<T> {
  model: ModelEntry;
  label: string;
  attempt(signal: AbortSignal): Promise<T>;
}

/** Who else hears of a call's retries and fallbacks (besides the log): e.g. the MCP client of the tool call. */
export type CallObserver = Pick<CallHooks, 'onRetry' | 'onFallback'>;

/**
 * The one place the retry, timeout and fallback policy lives (docs/resilience.md): the settings from the
 * environment, overridden per model by `timeout_ms` and `request_timeout_ms`. Used by CompletionsService, so
 * REST and MCP calls behave the same.
 */
@Injectable()
export class ResiliencePolicy {
  private readonly logger = new Logger('Resilience');

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {}

  /** The overall deadline of a call for this model (REQUEST_TIMEOUT_MS, or the model's request_timeout_ms). */
  requestTimeoutMs(model: ModelEntry): number {
    return model.request_timeout_ms ?? this.config.upstream.requestTimeoutMs;
  }

  /**
   * Calls the first target (the requested model), then the others as fallbacks; see callWithResilience. Every
   * attempt, retry and fallback is counted in the metrics and in `facts` (the request's log line).
   */
  call<T>(targets: readonly ModelTarget<T>[], signal?: AbortSignal, observer: CallObserver = {}, facts?: RequestFacts): Promise<CallOutcome<T>> {
    const settings = this.config.upstream;
    const requested = targets[0]?.model;
    return callWithResilience(
      targets.map((target) => ({
        id: target.model.id,
        label: target.label,
        provider: target.model.provider,
        timeoutMs: target.model.timeout_ms ?? settings.timeoutMs,
        attempt: target.attempt,
      })),
      {
        requestTimeoutMs: requested ? this.requestTimeoutMs(requested) : settings.requestTimeoutMs,
        maxRetries: settings.maxRetries,
        retryBaseMs: settings.retryBaseMs,
        retryMaxMs: settings.retryMaxMs,
      },
      signal,
      {
        onRetry: (notice) => {
          this.logger.warn(`model '${notice.target}': attempt ${notice.attempt} in ${notice.delayMs} ms after: ${notice.reason}`);
          this.metrics?.retried(notice.target);
          observer.onRetry?.(notice);
        },
        onFallback: (from, to, reason) => {
          this.logger.warn(`model '${from}' failed (${reason}); falling back to '${to}'`);
          this.metrics?.fellBack(from, to);
          observer.onFallback?.(from, to, reason);
        },
        onAttempt: (target, ms, error) => {
          if (target.provider !== undefined) this.metrics?.upstreamAttempt(target.provider, ms, error);
          facts?.attemptEnded(ms);
        },
      },
    );
  }
}
