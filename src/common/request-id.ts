import type { IncomingMessage } from 'node:http';
import { randomHex128 } from './random-hex.js';

/** A client's X-Request-Id is kept only when it is short and plain enough to log and echo safely (anchored, one class: linear). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** A fresh id, for requests that bring none (or whose headers could not even be read). */
export function newRequestId(): string {
  return `req_${randomHex128()}`;
}

export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && SANE_REQUEST_ID.test(given) ? given : newRequestId();
}
