import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { answerBeforeBody } from '../http/drain-body.js';
import { KeyAuthenticator } from './key-authenticator.js';
import { routeAdmission } from './route-admission.js';

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
  ) {}

  onModuleInit(): void {
    // An application context (the stdio entry) has no adapter (null), whatever the declared type says.
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | null | undefined;
    if (!adapter) return;
    // A root hook reaches every route, plugin scopes included (/mcp skips it by its route config): Fastify binds
    // hooks to routes when it becomes ready, at the end of app.init(), after this.
    adapter.getInstance<FastifyInstance>().addHook('onRequest', (request, reply, done) => this.admit(request, reply, done));
  }

  /** Callback style, so a valid key costs no promise: the common path is synchronous. */
  admit(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (routeAdmission(request) !== 'key') return done();
    const authorization = request.headers.authorization;
    const client = this.authenticator.identify(authorization);
    if (client) {
      (request as AuthenticatedRequest).client = client;
      return done();
    }
    answerBeforeBody(request);
    this.authenticator.refusal(request.ip, authorization).then(done, done);
  }
}
