import type { CompleteResponseDto } from './dto/complete-response.dto.js';

/**
 * How a completion was obtained, for response headers (X-Gateway-Attempts), not for the body: a symbol key is
 * invisible to JSON.stringify, so the result can be sent (REST) or serialised (MCP) as it is.
 */
export const CALL_STATS = Symbol('completionCallStats');

export interface CallStats {
  /** Upstream requests made, retries and fallbacks included. */
  attempts: number;
}

/** The completion as CompletionsService returns it: the response body plus its call statistics. */
export type Completion = CompleteResponseDto & { readonly [CALL_STATS]: CallStats };
