import type { AuthInfo, ServerContext } from '@modelcontextprotocol/server';
import type { RequestFacts } from '../observability/request-facts.js';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import type { ToolCallBudget } from './tools-call-budget.js';

/** Who is calling over HTTP, as the /mcp endpoint established it before the SDK ran; stdio has no caller. */
export interface McpCaller {
  /** The client key's fingerprint (never the key). */
  keyId: string;
  /** The whole identity: a managed key's models and budgets apply to tool calls (docs/teams.md). */
  client?: ClientIdentity;
  /** What this HTTP request's tool calls may spend of the key's rate limit: the calls past it answer its refusal. */
  budget?: ToolCallBudget;
  /** The HTTP request's facts (its log line and metrics): the tool calls of the request record into them. */
  facts?: RequestFacts;
}

const CALLER = 'gatewayCaller';

/** Wraps the caller as the SDK's pass-through authInfo; the key itself stays out of it. */
export function authInfoFor(caller: McpCaller): AuthInfo {
  return { token: '', clientId: caller.keyId, scopes: [], extra: { [CALLER]: caller } };
}

export function callerOf(ctx: ServerContext): McpCaller | undefined {
  const caller = ctx.http?.authInfo?.extra?.[CALLER];
  return caller === undefined ? undefined : (caller as McpCaller);
}
