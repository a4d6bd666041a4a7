import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROVIDERS } from '../providers/registry.js';
import { modelUnavailable } from '../providers/providers.service.js';
import { mapUpstreamFailure } from '../providers/upstream-errors.js';
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

/** The examples name the first built-in provider and model, with the messages the real code produces. */
const EXAMPLE_MODEL = PROVIDERS.builtinModels[0]!;
const EXAMPLE = PROVIDERS.get(EXAMPLE_MODEL.provider);
const EXAMPLE_CREDENTIAL = EXAMPLE.credential(EXAMPLE_MODEL, { settings: {}, env: {} })?.env ?? 'API_KEY';

/** An example error body per status, as the gateway really answers it. */
const ERROR_EXAMPLES: Record<number, [string, string]> = {
  400: ['invalid_request_error', "Invalid 'model' parameter."],
  401: ['authentication_error', 'Invalid API key.'],
  403: ['permission_denied', "This API key may not use model 'gpt-4o'."],
  404: ['not_found_error', 'No route for GET /v1/nothing.'],
  409: ['conflict', "A team named 'research' already exists."],
  413: ['payload_too_large', 'Request body is larger than the gateway accepts (at most 4194304 bytes, MAX_BODY_BYTES).'],
  415: ['unsupported_media_type', "Unsupported Content-Type: send the body as JSON with 'Content-Type: application/json'."],
  429: ['rate_limit_error', 'Rate limit exceeded; retry after the time in Retry-After.'],
  500: ['internal_error', 'Internal server error.'],
  502: ['upstream_error', mapUpstreamFailure({ provider: EXAMPLE.label, status: 500 }).message],
  503: ['service_unavailable', modelUnavailable(EXAMPLE_MODEL.id, EXAMPLE_CREDENTIAL).message],
  504: ['upstream_timeout', 'The upstream did not answer within the request deadline.'],
};

function errorExample(status: number): unknown {
  const [type, message] = ERROR_EXAMPLES[status] ?? ['internal_error', `HTTP ${status}`];
  const param = status === 400 ? 'model' : null;
  return { success: false, error: { code: status, message, type, param, request_id: 'req_4f1c2b9e' } };
}

/** A 200 whose body is `{success: true, data: <model>}`. */
export function ApiEnvelopeResponse(model: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: 200,
      description,
      schema: {
        type: 'object',
        required: ['success', 'data'],
        properties: { success: { type: 'boolean', enum: [true] }, data: { $ref: getSchemaPath(model) } },
      },
    }),
  );
}

/** The error statuses an operation can answer with, each in the error envelope. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERROR_DESCRIPTIONS[status] ?? `HTTP ${status}`,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelopeDto) }, example: errorExample(status) } },
      }),
    ),
  );
}
