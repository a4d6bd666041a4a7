/**
 * CORS for the origins MCP_ALLOWED_ORIGINS lists: a browser client (e.g. the Inspector's web UI) sends an
 * Authorization header and JSON, so it asks first with a preflight, and can read an answer (and the headers it
 * needs: the protocol version, rate limits, the challenge) only when the response names its origin.
 */
const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'last-event-id',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
  'mcp-session-id',
  'x-request-id',
].join(', ');

const EXPOSED_RESPONSE_HEADERS = [
  'mcp-protocol-version',
  'mcp-session-id',
  'www-authenticate',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-request-id',
].join(', ');

/** Headers for any response to a request from an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_RESPONSE_HEADERS, Vary: 'Origin' };
}

/** Headers answering a preflight from an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}
