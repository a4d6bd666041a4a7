import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from './envelope.dto.js';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: invalid input parameters; `error.param` names the field.',
  401: 'Unauthorized: missing or invalid API key (`WWW-Authenticate: Bearer`).',
  403: 'Forbidden: the key may not use this model (`permission_denied`).',
  404: 'Not Found: no such route.',
  409: 'Conflict: the change clashes with existing data (a name in use, a team with keys).',
  413: 'Payload Too Large: the body exceeds MAX_BODY_BYTES.',
  415: 'Unsupported Media Type: the body must be `application/json`.',
  429: 'Too Many Requests: rate limit exceeded; `Retry-After` says when to retry.',
  500: 'Internal Server Error.',
  502: 'Bad Gateway: the upstream provider failed or rejected the gateway.',
  503: 'Service Unavailable: the model has no provider credentials configured.',
  504: 'Gateway Timeout: the upstream did not answer in time.',
};

/** A success (200 unless `status` says otherwise) whose body is `{success: true, data: <model>}`. */
export function ApiEnvelopeResponse(model: Type<unknown>, description: string, status = 200): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status,
      description,
      schema: {
        type: 'object',
        required: ['success', 'data'],
        properties: { success: { type: 'boolean', enum: [true] }, data: { $ref: getSchemaPath(model) } },
      },
    }),
  );
}

/**
 * The error statuses an operation can answer with, each in the error envelope. Their examples are filled in when
 * the document is built, by the code that produces the real errors (src/docs/error-examples.ts).
 */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERROR_DESCRIPTIONS[status] ?? `HTTP ${status}`,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelopeDto) } } },
      }),
    ),
  );
}
