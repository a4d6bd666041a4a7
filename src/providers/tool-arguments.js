import { ApiError } from '../common/api-error.js';
import { isRecord, parseJson } from '../common/json.js';
/**
 * A tool call's `arguments` text as the JSON object it must be; `''` (a call without arguments, as some clients
 * send it) is `{}`. Anything else is a 400 naming `param`, never an upstream error.
 */
export function parseToolArguments(text, param) {
    if (text.trim() === '')
        return {};
    const value = parseJson(text);
    if (!isRecord(value))
        throw ApiError.invalid(`Invalid '${param}': the arguments must be a JSON object.`, param);
    return value;
}
