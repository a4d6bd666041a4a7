import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { admittedAfterAll, answerBeforeBody } from '../http/drain-body.js';
import { AdminAuthenticator } from '../teams/admin/admin-authenticator.js';
import { presentedKey } from './bearer-token.js';
import { KeyAuthenticator } from './key-authenticator.js';
import { routeAdmission } from './route-admission.js';
import { fastifyInstance } from '../http/fastify-instance.js';

/**
 * Authentication before the body is read: a Fastify onRequest hook on the root instance, so it runs for every
 * route once routing has matched and before any content-type parser. A request without a valid key is answered
 * at once (the error goes to the one exception filter: the envelope), its body never parsed; one with a valid key
 * carries `request.client` on to the controllers, the throttler guard and the request log. Which routes need a
 * key: routeAdmission() (route config, set by @Public()).
 */
@Injectable()
export class AdmissionHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: KeyAuthenticator,
    @Optional() private readonly admins?: AdminAuthenticator,
  ) {}

  onModuleInit(): void {
    // A root hook reaches every route, plugin scopes included (/mcp skips it by its route config): Fastify binds
    // hooks to routes when it becomes ready, at the end of app.init(), after this.
    fastifyInstance(this.adapterHost)?.addHook('onRequest', (request, reply, done) => this.admit(request, reply, done));
  }

  /** Callback style, so a valid key costs no promise: the common path is synchronous. */
  admit(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const admission = routeAdmission(request);
    if (admission === 'admin') return this.admitAdmin(request, done);
    if (admission !== 'key') return done();
    const authorization = presentedKey(request.headers);
    const client = this.authenticator.identify(authorization);
    if (client) {
      (request as AuthenticatedRequest).client = client;
      return done();
    }
    answerBeforeBody(request);
    this.authenticator.resolve(request.ip, authorization).then((result) => {
      if (result instanceof ApiError) return done(result);
      (request as AuthenticatedRequest).client = result;
      admittedAfterAll(request);
      done();
    }, done);
  }

  /** The admin API: admin keys only (a separate set), checked before the body like client keys. */
  private admitAdmin(request: FastifyRequest, done: HookHandlerDoneFunction): void {
    answerBeforeBody(request);
    if (!this.admins) return done(new ApiError(503, 'The admin API is not available in this process.', 'service_unavailable'));
    this.admins.admit(request).then((error) => {
      if (error) return done(error);
      admittedAfterAll(request);
      done();
    }, done);
  }
}
