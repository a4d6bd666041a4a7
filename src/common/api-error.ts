/** Machine-readable error kinds, the `type` of the envelope's error object (also the Swagger enum). */
export const ERROR_TYPES = [
  'invalid_request_error',
  'authentication_error',
  'not_found_error',
  'method_not_allowed',
  'request_timeout',
  'payload_too_large',
  'unsupported_media_type',
  'request_header_fields_too_large',
  'permission_denied',
  'conflict',
  'rate_limit_error',
  'budget_exceeded',
  'upstream_error',
  'upstream_timeout',
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * An error the gateway answers with on purpose: its status, a message safe to show a client, and the
 * request field it concerns. The global filter turns it into the envelope.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: ErrorType,
    readonly param: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static invalid(message: string, param: string | null): ApiError {
    return new ApiError(400, message, 'invalid_request_error', param);
  }
}
