/**
 * What a budget reservation found: `refused` is -1 when reserved, else the index of the first counter it did not
 * fit (nothing added), with every counter's value then (spend plus reservations in flight) in `spent`.
 */
export interface ReserveOutcome {
  refused: number;
  spent: number[];
}

/**
 * A budget reservation made in the same atomic store operation as a rate-limit admission, so a managed key's
 * request costs one Redis round trip (docs/teams.md). It is tried only when the windows admitted every hit; a
 * refusal by the windows reserves nothing. Each window store runs the form it can: Redis the script's part, the
 * in-process store the local one; a store given neither admits without it (the caller then reserves on its own).
 */
export interface BudgetHold {
  /** For Redis: the spend counters' keys (prefixed), the USD (as sent to INCRBYFLOAT), per counter its budget
   * ('' none) and expiry in seconds (see RESERVE_FUNCTION). */
  redis?: { keys: string[]; usd: string; limitsAndTtls: string[] };
  /** For the in-process store: `prepare` is awaited before the admission (a database read), then `take` runs
   * inside it, synchronously, so nothing else on this replica reserves in between. */
  local?: { prepare(): Promise<void>; take(): ReserveOutcome };
}
