import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ANTHROPIC_PATH_PREFIX } from './anthropic-error.js';
import { fastifyInstance } from '../http/fastify-instance.js';

/**
 * Anthropic's `request-id` header on every answer under /anthropic/ (the gateway's request id, also in
 * X-Request-Id): what the Anthropic SDKs read into an error's `requestID` and log.
 */
@Injectable()
export class AnthropicSurfaceHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    fastifyInstance(this.adapterHost)?.addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith(ANTHROPIC_PATH_PREFIX)) void reply.header('request-id', request.id);
      done(null, payload);
    });
  }
}
