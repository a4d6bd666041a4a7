import type { FastifyRequest } from 'fastify';

/**
 * What one HTTP request did beyond its status, filled in as it happens and read once at its end by the request
 * log line and the request metrics (docs/observability.md). One per request, created on first use by factsOf();
 * an MCP batch's tool calls share their request's facts (model: the first one; attempts, tokens, upstream time:
 * summed). Plain fields, so writing one costs nothing; ids come from the configured model list only.
 *
 * Who calls what (every completion surface must):
 * - requested(): once the model is known to be configured (CompletionsService.complete does);
 * - attemptEnded(): after each upstream attempt (ResiliencePolicy does, through the resilience loop);
 * - served(): when an answer came, with its usage (CompletionsService.complete does; a stream calls it at its end
 *   with the usage it saw);
 * - firstToken(): a stream, when it writes its first content chunk to the client (time to first token);
 * - failed(): the error type the client got (the exception filter does; an MCP tool error too).
 */
export class RequestFacts {
  /** Requested model id (a configured one). */
  model: string | undefined = undefined;
  /** Provider kind of the requested model. */
  provider: string | undefined = undefined;
  /** Model that answered (a fallback's id after a fallback). */
  servedBy: string | undefined = undefined;
  /** Upstream requests made, retries and fallbacks included. */
  attempts = 0;
  /** Time spent in upstream attempts, summed (backoff waits excluded). */
  upstreamMs = 0;
  promptTokens: number | undefined = undefined;
  completionTokens: number | undefined = undefined;
  errorType: string | undefined = undefined;
  /** Milliseconds from startedAt to the first content chunk written (streams only). */
  firstTokenMs: number | undefined = undefined;
  /** Tools offered and images sent with the request (chat surfaces; undefined: none). */
  tools: number | undefined = undefined;
  images: number | undefined = undefined;
  /** The prompt, kept by reference: only the log line decides (LOG_PAYLOADS) whether it is written. */
  prompt: string | undefined = undefined;
  readonly startedAt = performance.now();

  requested(model: string, provider: string, prompt: string): void {
    if (this.model !== undefined) return;
    this.model = model;
    this.provider = provider;
    this.prompt = prompt;
  }

  /** What the request carried beyond text (CompletionsService.call does): counted for the log line, when any. */
  carried(tools: number, images: number): void {
    if (tools > 0) this.tools = tools;
    if (images > 0) this.images = images;
  }

  attemptEnded(ms: number): void {
    this.attempts++;
    this.upstreamMs += ms;
  }

  served(servedBy: string, promptTokens: number | undefined, completionTokens: number | undefined): void {
    this.servedBy ??= servedBy;
    if (promptTokens !== undefined) this.promptTokens = (this.promptTokens ?? 0) + promptTokens;
    if (completionTokens !== undefined) this.completionTokens = (this.completionTokens ?? 0) + completionTokens;
  }

  firstToken(): void {
    this.firstTokenMs ??= performance.now() - this.startedAt;
  }

  failed(errorType: string): void {
    this.errorType ??= errorType;
  }
}

const FACTS = Symbol('requestFacts');

interface WithFacts {
  [FACTS]?: RequestFacts;
}

/** The request's facts, created on first use (requests that never reach a completion or an error have none). */
export function factsOf(request: FastifyRequest): RequestFacts {
  const holder = request as WithFacts;
  return (holder[FACTS] ??= new RequestFacts());
}

/** The facts if anything recorded some, without creating them. */
export function existingFactsOf(request: FastifyRequest): RequestFacts | undefined {
  return (request as WithFacts)[FACTS];
}
