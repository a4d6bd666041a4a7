import type { FastifyRequest } from 'fastify';

/** What the auth guard learns about a request: which client key (by fingerprint, never the key). */
export interface ClientIdentity {
  keyId: string;
}

export type AuthenticatedRequest = FastifyRequest & { client?: ClientIdentity };
