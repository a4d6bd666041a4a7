import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics, type CounterConfiguration } from 'prom-client';
import type { ApiError } from '../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { LabelCache } from './label-cache.js';
import type { RequestFacts } from './request-facts.js';
import { upstreamFailureReason } from './upstream-reason.js';

/** Seconds; from a fast cache-like answer to the longest overall deadline. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
/** The label value of a request without a (configured) model. */
export const NO_MODEL = 'none';
/** The route label of a request that matched no route: raw paths never become label values. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The gateway's Prometheus metrics (docs/observability.md), in a registry of its own. Every label value is
 * bounded: route patterns (never raw paths), configured model ids, provider kinds, HTTP statuses, fixed reasons.
 * Children are cached (LabelCache), so recording costs a few Map lookups and no allocation. The rate-limit
 * metrics join the same registry from RateLimitMetrics.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly models: ReadonlySet<string>;
  private readonly requests: LabelCache<ReturnType<Histogram['labels']>>;
  private readonly upstream: LabelCache<ReturnType<Histogram['labels']>>;
  private readonly upstreamErrors: LabelCache<ReturnType<Counter['labels']>>;
  private readonly retries: LabelCache<ReturnType<Counter['labels']>>;
  private readonly fallbacks: LabelCache<ReturnType<Counter['labels']>>;
  private readonly tokens: LabelCache<ReturnType<Counter['labels']>>;
  private readonly ttft: LabelCache<ReturnType<Histogram['labels']>>;
  private readonly budgetRefusals: LabelCache<ReturnType<Counter['labels']>>;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.models = new Set(config.models.map((model) => model.id));
    const registers = [this.registry];
    const histogram = (name: string, help: string, labelNames: string[], buckets = LATENCY_BUCKETS): LabelCache<ReturnType<Histogram['labels']>> => {
      const metric = new Histogram({ name, help, labelNames, buckets, registers });
      return new LabelCache((values) => metric.labels(...values));
    };
    const counter = (name: string, help: string, labelNames: CounterConfiguration<string>['labelNames']): LabelCache<ReturnType<Counter['labels']>> => {
      const metric = new Counter({ name, help, labelNames, registers });
      return new LabelCache((values) => metric.labels(...values));
    };
    this.requests = histogram(
      'gateway_http_request_duration_seconds',
      'HTTP requests answered, by route pattern, method, requested model and status: latency in seconds.',
      ['route', 'method', 'model', 'status'],
    );
    this.upstream = histogram(
      'gateway_upstream_request_duration_seconds',
      'Upstream attempts (one HTTP request to a provider each), by provider kind and outcome: latency in seconds.',
      ['provider', 'outcome'],
    );
    this.upstreamErrors = counter(
      'gateway_upstream_errors_total',
      'Failed upstream attempts by provider kind and reason (upstream HTTP status, timeout, unreachable, malformed).',
      ['provider', 'reason'],
    );
    this.retries = counter('gateway_upstream_retries_total', 'Upstream attempts retried, by the model retried.', ['model']);
    this.fallbacks = counter('gateway_fallbacks_total', 'Calls moved on to a fallback model, by requested and fallback model.', ['from', 'to']);
    this.tokens = counter('gateway_tokens_total', 'Tokens reported by the upstream, by the model that served them and type (prompt, completion).', ['model', 'type']);
    this.ttft = histogram(
      'gateway_time_to_first_token_seconds',
      'Streamed completions: seconds from the start of the completion to its first content chunk, by model.',
      ['model'],
      TTFT_BUCKETS,
    );
    this.budgetRefusals = counter(
      'gateway_budget_refusals_total',
      "Requests refused with 429 budget_exceeded (a managed key's or its team's budget is spent), by requested model.",
      ['model'],
    );
    collectDefaultMetrics({ register: this.registry });
  }

  /** One answered request (the request log hook calls this with the route pattern, or undefined for no route). */
  requestEnded(route: string | undefined, method: string, status: number, ms: number, facts: RequestFacts | undefined): void {
    const model = this.modelLabel(facts?.model);
    this.requests.get(route ?? UNMATCHED_ROUTE, method, model, status).observe(ms / 1000);
    if (facts === undefined) return;
    if (facts.errorType === 'budget_exceeded') this.budgetRefusals.get(model).inc();
    const served = this.modelLabel(facts.servedBy ?? facts.model);
    if (facts.promptTokens !== undefined) this.tokens.get(served, 'prompt').inc(facts.promptTokens);
    if (facts.completionTokens !== undefined) this.tokens.get(served, 'completion').inc(facts.completionTokens);
    if (facts.firstTokenMs !== undefined) this.ttft.get(served).observe(facts.firstTokenMs / 1000);
  }

  /** One upstream attempt ended: `error` undefined for an answer. A client that left is not counted. */
  upstreamAttempt(provider: string, ms: number, error: ApiError | undefined): void {
    if (error === undefined) {
      this.upstream.get(provider, 'success').observe(ms / 1000);
      return;
    }
    const reason = upstreamFailureReason(error);
    if (reason === undefined) return;
    this.upstream.get(provider, 'error').observe(ms / 1000);
    this.upstreamErrors.get(provider, reason).inc();
  }

  retried(model: string): void {
    this.retries.get(this.modelLabel(model)).inc();
  }

  fellBack(from: string, to: string): void {
    this.fallbacks.get(this.modelLabel(from), this.modelLabel(to)).inc();
  }

  /** The whole exposition, in Prometheus text format. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private modelLabel(model: string | undefined): string {
    return model !== undefined && this.models.has(model) ? model : NO_MODEL;
  }
}
