import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ADMISSION } from '../../auth/route-admission.js';

import { ADMIN_SECURITY } from './admin-security.js';

/**
 * An admin route: admitted by an admin key (AdminAuthenticator, before the body), not by a client key, and not
 * counted against a client key's rate limit. A method decorator, like @Public() (Fastify route config is per route).
 */
export const AdminRoute = (): MethodDecorator =>
  applyDecorators(RouteConfig({ [ADMISSION]: 'admin' }), SkipThrottle(), ApiBearerAuth(ADMIN_SECURITY));
