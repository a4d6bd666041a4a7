import { ApiError } from '../common/api-error.js';

const REALM = 'Bearer realm="litellm-mcp-server"';

/** 401 with the RFC 6750 challenge; `invalid` adds error="invalid_token" for a key that was sent but is wrong. */
export function unauthorized(message: string, invalid: boolean): ApiError {
  const challenge = invalid ? `${REALM}, error="invalid_token"` : REALM;
  return new ApiError(401, message, 'authentication_error', null, { 'WWW-Authenticate': challenge });
}

/** A key was sent and matches none of GATEWAY_API_KEYS. */
export const invalidKey = (): ApiError => unauthorized('Invalid API key.', true);

/** No `Authorization: Bearer` key at all. */
export const missingKey = (): ApiError => unauthorized("Missing API key: send 'Authorization: Bearer <key>'.", false);

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  // Linear on a client header (bounded by Node's header size): anchored, and each run's class excludes the next's.
  const match = value?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1];
}

/**
 * The client key header of a request: `Authorization`, or else Anthropic's `x-api-key` (what the Anthropic SDKs and
 * Claude Code send) as the same Bearer credential, so every check and message treats both alike.
 */
export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | string[] | undefined {
  if (headers.authorization !== undefined) return headers.authorization;
  const apiKey = headers['x-api-key'];
  const value = Array.isArray(apiKey) ? apiKey[0] : apiKey;
  return value === undefined ? undefined : `Bearer ${value}`;
}
