import type { InputItem } from './input-items.mapping.js';
import type { ResponseObject } from './response-object.js';

/** One kept response: who made it, the conversation up to its output, the response object itself. */
export interface StoredResponse {
  id: string;
  /** The client key's id (a fingerprint, never the key): another key never sees it. */
  owner: string;
  /** Every input item of the conversation up to this response, `previous_response_id`'s chain included. */
  conversation: InputItem[];
  response: ResponseObject;
}

/**
 * Where responses are kept for `previous_response_id` and GET/DELETE (docs/responses.md): PostgreSQL or memory.
 * Every read is by owner and id, so a key never reads another key's response.
 */
export interface ResponseStore {
  /** How the store is described in messages and logs, e.g. "memory (at most 1000 responses)". */
  readonly description: string;
  save(entry: StoredResponse): Promise<void>;
  get(owner: string, id: string): Promise<StoredResponse | undefined>;
  /** True when a response was deleted. */
  delete(owner: string, id: string): Promise<boolean>;
}

export const RESPONSE_STORE = Symbol('ResponseStore');
