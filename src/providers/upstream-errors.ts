import { ApiError } from '../common/api-error.js';

/** What an adapter knows of a failed upstream answer. */
export interface UpstreamFailure {
  provider: string;
  status: number;
  /** The provider's own error message, already redacted. */
  message?: string;
  retryAfter?: string;
}

/**
 * The table from upstream statuses to the gateway's answers (documented in the README): the client's own
 * mistakes stay 4xx, the gateway's or the provider's problems become 502.
 */
export function mapUpstreamFailure(failure: UpstreamFailure): ApiError {
  const { provider, status } = failure;
  const said = failure.message ? `: ${failure.message}` : '.';
  if (status === 400 || status === 413 || status === 422) {
    return new ApiError(400, `${provider} rejected the request${said}`, 'invalid_request_error');
  }
  if (status === 401 || status === 403) {
    return new ApiError(
      502,
      `${provider} rejected the gateway's provider credentials (HTTP ${status}); the gateway operator must fix its API key.`,
      'upstream_error',
    );
  }
  if (status === 404) {
    return new ApiError(502, `${provider} does not know the configured upstream model (HTTP 404)${said}`, 'upstream_error');
  }
  if (status === 429) {
    const headers: Record<string, string> = failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {};
    return new ApiError(429, `${provider} is rate limiting the gateway; retry later${said}`, 'rate_limit_error', null, headers);
  }
  return new ApiError(502, `${provider} failed to answer (HTTP ${status})${said}`, 'upstream_error');
}

export function unreachable(provider: string, reason: string): ApiError {
  return new ApiError(502, `${provider} could not be reached (${reason}).`, 'upstream_error');
}

export function malformed(provider: string, what: string): ApiError {
  return new ApiError(502, `${provider} sent a response the gateway could not read (${what}).`, 'upstream_error');
}
