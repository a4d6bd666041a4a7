import { maskUrlCredentials } from './url-credentials.js';
/**
 * Key shapes (OpenAI, Anthropic, bearer tokens). Each is linear: a literal prefix, then one character class that
 * does not overlap what follows it, so a failed attempt costs at most the run it scanned and the next attempt
 * starts after it. They only ever see the bounded window below.
 */
const KEY_LIKE = [/\bsk-[A-Za-z0-9_*.-]{6,}/g, /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, /\bsk-ant-[A-Za-z0-9_*-]+/g];
// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
const CONTROL = /[\u0000-\u001f\u007f]+/g;
const WHITESPACE = /\s/;
const MAX_MESSAGE = 500;
/** How much of an upstream message is looked at at all: enough for MAX_MESSAGE after masking shrank it. */
export const REDACT_WINDOW = 4096;
/**
 * The first REDACT_WINDOW characters, ending on whitespace when the message was longer: a token cut in half (a key,
 * a URL's password whose '@' lies beyond the cut) could no longer be recognised, so it is dropped whole.
 */
function window(message) {
    if (message.length <= REDACT_WINDOW)
        return { text: message, cut: false };
    let end = REDACT_WINDOW;
    while (end > 0 && !WHITESPACE.test(message[end - 1]))
        end--;
    return { text: message.slice(0, end), cut: true };
}
/**
 * Makes an upstream message safe to show a client: known secrets and anything key-shaped are masked, credentials
 * in URLs removed, control characters dropped and the length bounded. Cost is bounded whatever the message size:
 * only its first REDACT_WINDOW characters are read.
 */
export function redact(message, secrets = []) {
    const { text, cut } = window(message);
    let safe = text;
    for (const secret of secrets) {
        if (secret && secret.length >= 4)
            safe = safe.split(secret).join('[redacted]');
    }
    for (const pattern of KEY_LIKE)
        safe = safe.replace(pattern, '[redacted]');
    safe = maskUrlCredentials(safe).replace(CONTROL, ' ').trim();
    return safe.length > MAX_MESSAGE || cut ? `${safe.slice(0, MAX_MESSAGE)}…` : safe;
}
