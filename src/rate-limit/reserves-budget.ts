import { Injectable, SetMetadata, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { fastifyInstance } from '../http/fastify-instance.js';

/** Metadata on a route handler whose requests reserve a managed key's budget (KeyThrottlerGuard reads it). */
export const RESERVES_BUDGET = 'gateway:reserves-budget';

/**
 * A route whose requests reserve the key's budget before any upstream call (KeyPolicy.reserve): for a managed key
 * with a budget, the guard leaves the rate-limit admission to that reservation, so both are one store operation.
 * Every path of the handler must either reserve or fail; a request that did neither is admitted on its way out
 * (admittedBeforeError for errors, PendingAdmissionHook for answers). A metadata mark only: a Nest interceptor
 * here cost every request of these routes its observables (rxjs ~4 % of POST /v1/complete under load).
 */
export const ReservesBudget = (): MethodDecorator & ClassDecorator => SetMetadata(RESERVES_BUDGET, true);

/**
 * For an error about to be answered: when the request's deferred admission has not run (it failed before its
 * reservation), runs it first and resolves to what to answer: the error, or the limiter's refusal (429, or 503
 * failing closed) in its place, as if the guard had admitted the request. Undefined: nothing pending, answer now.
 */
export function admittedBeforeError(request: FastifyRequest, error: unknown): Promise<unknown> | undefined {
  const admission = (request as AuthenticatedRequest).client?.admission;
  if (admission === undefined || !admission.pending) return undefined;
  return admission.admit().then(
    () => error,
    (refusal: unknown) => refusal,
  );
}

/**
 * The safety net for an answer that never reserved: a root onSend hook that runs a pending deferred admission
 * before the answer leaves (its headers set; a refusal answered instead, through the error handler). Requests
 * without one pay a property read.
 */
@Injectable()
export class PendingAdmissionHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = fastifyInstance(this.adapterHost);
    if (fastify) registerPendingAdmission(fastify);
  }
}

export function registerPendingAdmission(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    const admission = (request as AuthenticatedRequest).client?.admission;
    if (admission === undefined || !admission.pending) return done(null, payload);
    admission.admit().then(
      () => done(null, payload),
      (refusal: unknown) => done(refusal as Error),
    );
  });
}
