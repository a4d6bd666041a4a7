import { ApiError } from '../common/api-error.js';
import { UpstreamError } from '../providers/upstream-errors.js';

/** Upstream statuses reported as themselves; any other is reported by its class (`4xx`, `5xx`). */
const NAMED_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529]);

/**
 * The bounded `reason` label of a failed upstream attempt: the upstream's HTTP status (named or by class),
 * `timeout` (the attempt's own timeout or the overall deadline), `unreachable` (no answer: refused, reset, DNS,
 * TLS) or `malformed` (an answer that could not be read). Undefined for a client that left: not the upstream's fault.
 */
export function upstreamFailureReason(error: ApiError): string | undefined {
  if (error.status === 499) return undefined;
  if (error.type === 'upstream_timeout') return 'timeout';
  if (!(error instanceof UpstreamError)) return 'other';
  const status = error.upstreamStatus;
  if (status === undefined) return 'unreachable';
  if (status < 400) return 'malformed';
  if (NAMED_STATUSES.has(status)) return String(status);
  return status < 500 ? '4xx' : '5xx';
}
