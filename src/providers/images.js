import { ApiError } from '../common/api-error.js';
/** The image types every built-in provider takes (Anthropic's list; OpenAI takes the same four). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const DATA_URL = /^data:([^;,]*)(?:;[^;,]*)*;base64,(.*)$/s;
/** `data:<type>;base64,<bytes>`, or undefined for anything else (an https URL, a data URL without base64). */
export function parseDataUrl(url) {
    const match = DATA_URL.exec(url);
    return match ? { mediaType: match[1].toLowerCase(), base64: match[2] } : undefined;
}
/** The type the bytes themselves say they are (magic numbers), or undefined for none of IMAGE_TYPES. */
export function sniffImageType(bytes) {
    const starts = (...prefix) => prefix.every((byte, index) => bytes[index] === byte);
    if (starts(0xff, 0xd8, 0xff))
        return 'image/jpeg';
    if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
        return 'image/png';
    if (starts(0x47, 0x49, 0x46, 0x38))
        return 'image/gif';
    const ascii = (from, to) => String.fromCharCode(...bytes.subarray(from, to));
    if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP')
        return 'image/webp';
    return undefined;
}
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/**
 * Checks an image part before any upstream call: an `https:` URL (never fetched), or a base64 `data:` URL of one
 * of IMAGE_TYPES whose bytes are that type, at most `maxBytes` decoded. Throws the 400 naming `param`.
 */
export function checkImage(part, param, maxBytes) {
    const refuse = (why) => {
        throw ApiError.invalid(`Invalid '${param}': ${why}`, param);
    };
    if (part.url.startsWith('https://'))
        return;
    const data = parseDataUrl(part.url);
    if (data === undefined)
        return refuse('an image must be an https: URL or a base64 data: URL.');
    if (!IMAGE_TYPES.includes(data.mediaType))
        return refuse(`image type '${data.mediaType.slice(0, 64)}' is not supported; use one of ${IMAGE_TYPES.join(', ')}.`);
    // Decoded size from the text length first, so an oversized image is refused without decoding it.
    const size = Math.floor((data.base64.length * 3) / 4) - (data.base64.endsWith('==') ? 2 : data.base64.endsWith('=') ? 1 : 0);
    if (size > maxBytes)
        return refuse(`the image is ${size} bytes, more than the ${maxBytes} bytes allowed (MAX_IMAGE_BYTES).`);
    if (!BASE64.test(data.base64))
        return refuse('the data: URL is not valid base64.');
    const actual = sniffImageType(Buffer.from(data.base64.slice(0, 64), 'base64'));
    if (actual !== data.mediaType)
        return refuse(`the data: URL says ${data.mediaType} but its bytes are ${actual ?? 'not an image of a supported type'}.`);
}
