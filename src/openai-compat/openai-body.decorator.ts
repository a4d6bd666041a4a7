import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validateOpenAIBody } from './openai-validation.js';

/**
 * The request body validated against an OpenAI-surface DTO, with OpenAI's messages (validateOpenAIBody). A custom
 * parameter, not @Body(): the global pipe would validate a typed @Body() the REST way first.
 */
export const OpenAIBody = createParamDecorator((dto: new () => object, context: ExecutionContext): object => {
  return validateOpenAIBody(dto, context.switchToHttp().getRequest<FastifyRequest>().body);
});
