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
 * What a JSON-RPC message (or batch) on /mcp may spend: each tools/call request costs one request of the key's
 * budget (tools/list, discovery and the handshake are free). One store operation per HTTP request admits as many
 * calls as the budget has room for (the first ones, in message order) and checks the client address's
 * failed-authentication gate too; refused calls spend nothing.
 */
@Injectable()
export class ToolsCallBudgets {
  constructor(private readonly rateLimits: RateLimitService) {}

  async reserve(ip: string, keyId: string, messages: readonly Record<string, unknown>[]): Promise<{ budget: ToolCallBudget; headers: Record<string, string>; refusal?: ApiError }> {
    const calls = messages.filter((message) => message.method === 'tools/call' && message.id !== undefined).length;
    // Without a call to pay for, only the address's gate is looked at.
    const windows = calls === 0 ? [] : undefined;
    const { admitted, decision, gated } = await this.rateLimits.admit(ip, keyId, windows, calls);
    const refusal = decision.allowed ? undefined : rateLimitError(decision);
    // An address past its failed-authentication limit, or no store while failing closed: the whole request is
    // refused, as on REST. A full budget refuses only the calls past it.
    const whole = gated === true || decision.unavailable === true;
    return { budget: { left: admitted, refusal }, headers: decision.headers, refusal: whole ? refusal : undefined };
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
