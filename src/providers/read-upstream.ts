import { parseJson } from '../common/json.js';
import type { CompletionRequest, CompletionResult, ProviderDefinition } from './provider-definition.js';
import { leadingMessage } from './leading-message.js';
import { redact } from './redact.js';
import { retryAfterHeader, retryAfterMs } from './retry-hint.js';
import { malformed, mapUpstreamFailure } from './upstream-errors.js';

/** An upstream message is cut to this many characters before anything else (redaction included) sees it. */
export const UPSTREAM_MESSAGE_CUT = 2000;

/** An answer with its whole body read (bounded by UPSTREAM_MAX_RESPONSE_BYTES). */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Only the first part of the body is in `text` (a long error body: see readErrorBody). */
  cut?: boolean;
}

/**
 * Turns an upstream answer into a result, or throws the mapped UpstreamError: errors through the status table
 * with the provider's message cut and redacted, unreadable success bodies as 502. `request` is what was asked.
 */
export function readUpstream(definition: ProviderDefinition, answer: UpstreamAnswer, request: CompletionRequest, secret?: string): CompletionResult {
  return readUpstreamWith(definition, answer, (body) => definition.readResult(body, request), secret);
}

/** readUpstream() with another reader of success bodies (e.g. the embeddings slot's). */
export function readUpstreamWith<T>(definition: ProviderDefinition, answer: UpstreamAnswer, read: (body: unknown) => T | string, secret?: string): T {
  const { label } = definition;
  const body = parseJson(answer.text);
  if (answer.status >= 400) {
    const message = body === undefined && answer.cut === true ? leadingMessage(answer.text, UPSTREAM_MESSAGE_CUT) : definition.errorMessage(body);
    // One reading of retry-after-ms / retry-after: milliseconds for the gateway's retries, seconds for its client.
    const hintMs = retryAfterMs(answer.headers);
    throw mapUpstreamFailure({
      provider: label,
      status: answer.status,
      message: message === undefined ? undefined : redact(message.slice(0, UPSTREAM_MESSAGE_CUT), [secret]),
      retryAfter: retryAfterHeader(hintMs),
      retryAfterMs: hintMs,
    });
  }
  if (body === undefined) throw malformed(label, 'body is not JSON', answer.status);
  const result = read(body);
  if (typeof result === 'string') throw malformed(label, result, answer.status);
  return result;
}
