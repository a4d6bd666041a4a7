import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OPENAI_PATH_PREFIX } from './openai-error.js';
import { openAIRateHeaders } from './openai-rate-headers.js';
import { fastifyInstance } from '../http/fastify-instance.js';
import { addHeaders } from '../http/reply-headers.js';

/**
 * Adds OpenAI's rate-limit header names to every answer under /openai/ (successes and errors alike, 429 from the
 * throttler included): an onSend hook sees the headers whoever set them.
 */
@Injectable()
export class OpenAISurfaceHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    fastifyInstance(this.adapterHost)?.addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith(OPENAI_PATH_PREFIX)) addHeaders(reply, openAIRateHeaders((name) => reply.getHeader(name)));
      done(null, payload);
    });
  }
}
