import type { FastifyRequest } from 'fastify';
import type { ManagedKey } from '../teams/managed-key.js';
import type { PrefetchedSpend } from '../teams/spend-store.js';

/** What the auth guard learns about a request: which client key (by fingerprint, never the key). */
export interface ClientIdentity {
  keyId: string;
  /** For a key issued through the admin API (docs/teams.md): its models, limits and budgets. */
  managed?: ManagedKey;
  /** This request's budget spend, read with its rate-limit check (set per request by the throttler guard). */
  spend?: PrefetchedSpend;
}

export type AuthenticatedRequest = FastifyRequest & { client?: ClientIdentity };
