/** The Messages API version the gateway speaks when it builds the request itself. */
export const ANTHROPIC_VERSION = '2023-06-01';
/** Anthropic's authentication and version headers; `version` is a pass-through client's own. */
export function anthropicHeaders(apiKey, version = ANTHROPIC_VERSION) {
    return { 'x-api-key': apiKey ?? '', 'anthropic-version': version };
}
