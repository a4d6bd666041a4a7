import type { CallToolResult } from '@modelcontextprotocol/server';
import { ApiError } from '../common/api-error.js';

/** Key of the machine-readable error details in an error result's `_meta` (a vendor prefix, as the spec asks). */
export const ERROR_META_KEY = 'litellm-mcp-server/error';

/**
 * A tool error result: the text is exactly the message the REST API gives for the same failure, so a model (or a
 * person) reads the same thing on both surfaces; `_meta` repeats the REST error's status, type and field.
 */
export function toolError(error: ApiError): CallToolResult {
  const retryAfter = error.headers['Retry-After'];
  return {
    content: [{ type: 'text', text: error.message }],
    isError: true,
    _meta: {
      [ERROR_META_KEY]: {
        status: error.status,
        type: error.type,
        param: error.param,
        ...(retryAfter !== undefined && { retry_after_seconds: Number(retryAfter) }),
      },
    },
  };
}

/** What a failure nobody planned for looks like to the client: no internals, like the REST 500. */
export const INTERNAL_TOOL_ERROR = new ApiError(500, 'Internal server error.', 'internal_error');
