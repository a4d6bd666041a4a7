import { Injectable } from '@nestjs/common';

type RequestId = string | number;

/**
 * Requests in progress on /mcp, by client key and JSON-RPC id, with the controller that ends their HTTP exchange.
 * Stateless 2025-11-25 serving gives every POST its own server instance, so a `notifications/cancelled` POST never
 * reaches the instance running the request: the endpoint looks the exchange up here and ends it instead. Keyed by
 * client key too, so one client cannot cancel another's requests.
 */
@Injectable()
export class InFlightCalls {
  private readonly calls = new Map<string, Set<AbortController>>();

  /** Registers a request; the returned function unregisters it. */
  track(keyId: string, requestId: RequestId, controller: AbortController): () => void {
    const key = InFlightCalls.key(keyId, requestId);
    const set = this.calls.get(key) ?? new Set<AbortController>();
    set.add(controller);
    this.calls.set(key, set);
    return () => {
      set.delete(controller);
      if (set.size === 0 && this.calls.get(key) === set) this.calls.delete(key);
    };
  }

  /** Aborts the key's requests with this id; returns how many there were. */
  cancel(keyId: string, requestId: unknown, reason: string): number {
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return 0;
    const set = this.calls.get(InFlightCalls.key(keyId, requestId));
    if (!set) return 0;
    for (const controller of set) controller.abort(new Error(reason));
    return set.size;
  }

  get size(): number {
    return this.calls.size;
  }

  // JSON.stringify keeps the id 1 apart from the id "1".
  private static key(keyId: string, requestId: RequestId): string {
    return `${keyId} ${JSON.stringify(requestId)}`;
  }
}
