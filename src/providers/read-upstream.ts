import type { CompletionResult } from './provider-adapter.js';
import { redact } from './redact.js';
import { retryAfterHeader, retryAfterMs } from './resilience/retry-hint.js';
import { parseJson } from '../common/json.js';
import type { UpstreamResponse } from './upstream-client.js';
import { malformed, mapUpstreamFailure } from './upstream-errors.js';

/** How one provider's wire format is read: its error message and its success body. */
export interface WireReader {
  errorMessage(body: unknown): string | undefined;
  result(body: unknown): CompletionResult | string;
}

/**
 * Turns an upstream answer into a result, or throws the mapped ApiError: errors through the status table with the
 * provider's message redacted, unreadable success bodies as 502.
 */
export function readUpstream(label: string, response: UpstreamResponse, reader: WireReader, secret?: string): CompletionResult {
  const body = parseJson(response.text);
  if (response.status >= 400) {
    const message = reader.errorMessage(body);
    // One reading of retry-after-ms / retry-after: milliseconds for the gateway's retries, seconds for its client.
    const hintMs = retryAfterMs(response.headers);
    throw mapUpstreamFailure({
      provider: label,
      status: response.status,
      message: message === undefined ? undefined : redact(message, [secret]),
      retryAfter: retryAfterHeader(hintMs),
      retryAfterMs: hintMs,
    });
  }
  if (body === undefined) throw malformed(label, 'body is not JSON', response.status);
  const result = reader.result(body);
  if (typeof result === 'string') throw malformed(label, result, response.status);
  return result;
}
