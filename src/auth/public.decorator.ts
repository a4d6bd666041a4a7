import { RouteConfig } from '@nestjs/platform-fastify';
import { ADMISSION, type AdmissionRouteConfig } from './route-admission.js';

/**
 * Marks a route that needs no API key (health checks); everything else does. It sets the Fastify route config the
 * admission hook reads before the body is read, so it is a method decorator only (Fastify config is per route),
 * and a route cannot combine it with another @RouteConfig (the last one would win).
 */
export const Public = (): MethodDecorator => RouteConfig({ [ADMISSION]: 'public' } satisfies AdmissionRouteConfig);
