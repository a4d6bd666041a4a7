import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * The Fastify instance under Nest, for providers that add hooks or routes in onModuleInit; undefined in an
 * application context (the stdio entry), which has no HTTP adapter (null, whatever the declared type says).
 */
export function fastifyInstance(adapterHost: HttpAdapterHost): FastifyInstance | undefined {
  const adapter = adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | null | undefined;
  return adapter?.getInstance<FastifyInstance>();
}
