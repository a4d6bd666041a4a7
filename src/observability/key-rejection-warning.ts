import { Logger } from '@nestjs/common';
import { UpstreamError } from '../providers/upstream-errors.js';

/** At most one warning per credential this often: a wrong key under load would otherwise write one per request. */
export const KEY_REJECTION_WARN_INTERVAL_MS = 60_000;

/**
 * Warns the operator when a provider refuses the gateway's own credentials (upstream 401 or 403): the client only
 * sees a 502, the fix is in the gateway's environment. Names the provider, the status and the variable, never the
 * key. Repeats are counted and reported with the next warning.
 */
export class KeyRejectionWarning {
  private readonly logger = new Logger('Providers');
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** `env`: the variable holding the key, or undefined when the provider is called without one. */
  check(error: unknown, provider: string, env: string | undefined): void {
    if (!(error instanceof UpstreamError) || (error.upstreamStatus !== 401 && error.upstreamStatus !== 403)) return;
    const id = `${provider}\u0000${env ?? ''}`;
    const now = this.clock();
    const seen = this.last.get(id);
    if (seen !== undefined && now - seen.at < KEY_REJECTION_WARN_INTERVAL_MS) {
      seen.suppressed++;
      return;
    }
    const more = seen !== undefined && seen.suppressed > 0 ? ` (${seen.suppressed} more since the last warning)` : '';
    this.last.set(id, { at: now, suppressed: 0 });
    const fix = env === undefined ? 'it is called without an API key; check its configuration' : `check ${env}`;
    this.logger.warn(`${provider} rejected the gateway's API key (status ${error.upstreamStatus}): ${fix}${more}`);
  }
}
