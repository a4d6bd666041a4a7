const MESSAGE_KEY = /"message"\s*:\s*"/y;
/**
 * The start of the first `"message": "..."` string in the first part of a JSON error body that was too long to
 * read whole (so it cannot be parsed): OpenAI's and Anthropic's error bodies both put their message there. At most
 * `maxChars` characters, decoded as JSON; undefined when there is no such string.
 */
export function leadingMessage(text, maxChars) {
    const key = text.indexOf('"message"');
    if (key < 0)
        return undefined;
    MESSAGE_KEY.lastIndex = key;
    if (!MESSAGE_KEY.test(text))
        return undefined;
    const start = MESSAGE_KEY.lastIndex;
    // Escapes make the raw text longer than its value: read twice the cut, then cut the decoded value.
    const limit = Math.min(text.length, start + 2 * maxChars);
    let end = start;
    while (end < limit && text[end] !== '"')
        end += text[end] === '\\' ? 2 : 1;
    let raw = text.slice(start, Math.min(end, limit));
    // A cut in the middle of an escape (`\`, `\u12`) leaves an undecodable tail: drop it.
    for (let tries = 0; tries < 6; tries += 1) {
        try {
            return JSON.parse(`"${raw}"`).slice(0, maxChars);
        }
        catch {
            raw = raw.slice(0, -1);
        }
    }
    return undefined;
}
