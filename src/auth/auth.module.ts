import { Module } from '@nestjs/common';
import { AdmissionHook } from './admission.hook.js';
import { KeyAuthenticator } from './key-authenticator.js';
import { AdminAuthenticator } from '../teams/admin/admin-authenticator.js';

/**
 * Bearer API keys on every route, checked by a Fastify onRequest hook before the body is read (AdmissionHook),
 * not by a Nest guard: the one guard left (KeyThrottlerGuard) finds the identity already set.
 */
@Module({
  providers: [KeyAuthenticator, AdmissionHook, AdminAuthenticator],
  exports: [KeyAuthenticator],
})
export class AuthModule {}
