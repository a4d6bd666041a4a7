import { parseDataUrl } from '../images.js';
/**
 * An image part as the Messages API takes it: a URL as a `url` source (Anthropic fetches it; the gateway never
 * downloads it), a data URL as a `base64` source with its media type. The part was checked before (images.ts).
 */
export function anthropicImage(part) {
    const data = parseDataUrl(part.url);
    if (data === undefined)
        return { type: 'image', source: { type: 'url', url: part.url } };
    return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.base64 } };
}
