import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ApiError } from '../common/api-error.js';

/** One example error per status: its description and the error, rendered by the surface's own renderer. */
export type ErrorExamples = Readonly<Record<number, readonly [string, ApiError]>>;

/**
 * The error statuses of an operation of a surface with its own error shape (OpenAI's, Anthropic's): the shape's
 * schema, and each example rendered by the code that renders the real errors.
 */
export function surfaceErrorResponses(schema: Type, render: (error: ApiError) => unknown, examples: ErrorExamples, statuses: readonly number[]): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(schema),
    ...statuses.map((status) => {
      const [description, error] = examples[status]!;
      return ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(schema) }, example: render(error) } } });
    }),
  );
}
