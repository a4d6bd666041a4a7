import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ADMISSION } from '../../auth/route-admission.js';

/** The Swagger security scheme of the admin API (GATEWAY_ADMIN_KEYS). */
export const ADMIN_SECURITY = 'admin';

/**
 * An admin route: admitted by an admin key (AdminAuthenticator, before the body), not by a client key, and not
 * counted against a client key's rate limit. A method decorator, like @Public() (Fastify route config is per route).
 */
export const AdminRoute = (): MethodDecorator =>
  applyDecorators(RouteConfig({ [ADMISSION]: 'admin' }), SkipThrottle(), ApiBearerAuth(ADMIN_SECURITY));
