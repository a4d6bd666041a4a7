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
];
/**
 * An error the gateway answers with on purpose: its status, a message safe to show a client, and the
 * request field it concerns. The global filter turns it into the envelope.
 */
export class ApiError extends Error {
    status;
    type;
    param;
    headers;
    constructor(status, message, type, param = null, headers = {}) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.headers = headers;
        this.name = 'ApiError';
    }
    static invalid(message, param) {
        return new ApiError(400, message, 'invalid_request_error', param);
    }
}
