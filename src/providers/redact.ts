/** Patterns that look like credentials in upstream messages (OpenAI and Anthropic key shapes, bearer tokens). */
const KEY_LIKE = [/\bsk-[A-Za-z0-9_*.-]{6,}/g, /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, /\bsk-ant-[A-Za-z0-9_*-]+/g];
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
const MAX_MESSAGE = 500;

/**
 * Makes an upstream message safe to show a client: known secrets and anything key-shaped are masked, credentials
 * in URLs removed, control characters dropped and the length bounded.
 */
export function redact(message: string, secrets: readonly (string | undefined)[] = []): string {
  let safe = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) safe = safe.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_LIKE) safe = safe.replace(pattern, '[redacted]');
  safe = safe.replace(URL_CREDENTIALS, '$1[redacted]@');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
  safe = safe.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE)}…` : safe;
}
