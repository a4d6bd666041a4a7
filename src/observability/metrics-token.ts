import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken, unauthorized } from '../auth/bearer-token.js';
import type { ApiError } from '../common/api-error.js';

/**
 * METRICS_TOKEN as a check: the presented Bearer token's SHA-256 digest against the configured one's, compared in
 * constant time (equal-length digests, so neither the content nor the length of the token leaks through timing).
 */
export class MetricsToken {
  private readonly digest: Buffer | undefined;

  constructor(token: string | undefined) {
    this.digest = token === undefined ? undefined : sha256(token);
  }

  /** Undefined when the request may read /metrics, else the 401 to answer. */
  refusal(authorization: string | string[] | undefined): ApiError | undefined {
    if (this.digest === undefined) return undefined;
    const presented = bearerToken(authorization);
    if (presented === undefined) return unauthorized('GET /metrics requires the METRICS_TOKEN as a Bearer token.', false);
    if (timingSafeEqual(sha256(presented), this.digest)) return undefined;
    return unauthorized('The Bearer token is not the METRICS_TOKEN.', true);
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
