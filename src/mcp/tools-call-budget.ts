import { Injectable } from '@nestjs/common';
import type { ApiError } from '../common/api-error.js';
import { RateLimitService, rateLimitError } from '../rate-limit/rate-limit.service.js';

/** The part of a request's rate-limit budget its tool calls may spend, shared by the calls as they run. */
export interface ToolCallBudget {
  /** Calls of this request that may still run; each call served takes one. */
  left: number;
  /** What a call gets once none are left. */
  refusal?: ApiError;
}

/**
 * What a JSON-RPC message (or batch) on /mcp may spend: every message costs one request of the key's budget
 * (tools/list, discovery, the handshake and notifications too: none is free to serve), an empty body one. One
 * store operation per HTTP request admits as many as the budget has room for and checks the client address's
 * failed-authentication gate too. The other messages are paid first; the tools/call requests get what is left (the
 * first ones, in message order), and refused calls answer the rate-limit error in their result. A request with no
 * tools/call that gets no room at all is refused whole (429), with the usual headers.
 */
@Injectable()
export class ToolsCallBudgets {
  constructor(private readonly rateLimits: RateLimitService) {}

  async reserve(ip: string, keyId: string, messages: readonly Record<string, unknown>[]): Promise<{ budget: ToolCallBudget; headers: Record<string, string>; refusal?: ApiError }> {
    const calls = messages.filter((message) => message.method === 'tools/call' && message.id !== undefined).length;
    const hits = Math.max(1, messages.length);
    const { admitted, decision, gated } = await this.rateLimits.admit(ip, keyId, undefined, hits);
    const refusal = decision.allowed ? undefined : rateLimitError(decision);
    // An address past its failed-authentication limit, no store while failing closed, or no room for a request
    // without calls: the whole request is refused, as on REST. Otherwise a full budget refuses only the calls past it.
    const whole = gated === true || decision.unavailable === true || (calls === 0 && admitted < hits);
    const left = Math.max(0, admitted - (hits - calls));
    return { budget: { left, refusal }, headers: decision.headers, refusal: whole ? refusal : undefined };
  }
}

/** Takes one call from the budget: undefined when the call may run, else the error it answers. */
export function spendCall(budget: ToolCallBudget): ApiError | undefined {
  if (budget.left > 0) {
    budget.left--;
    return undefined;
  }
  return budget.refusal ?? rateLimitError({ allowed: false, headers: {} });
}
