import type { FastifyRequest } from 'fastify';
import type { DeferredAdmission } from '../rate-limit/deferred-admission.js';
import type { ManagedKey } from '../teams/managed-key.js';

/** What the auth guard learns about a request: which client key (by fingerprint, never the key). */
export interface ClientIdentity {
  keyId: string;
  /** For a key issued through the admin API (docs/teams.md): its models, limits and budgets. */
  managed?: ManagedKey;
  /** This request's rate-limit admission, when the guard left it to the budget reservation (one store operation). */
  admission?: DeferredAdmission;
}

export type AuthenticatedRequest = FastifyRequest & { client?: ClientIdentity };
