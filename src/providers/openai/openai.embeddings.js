import { isRecord, tokenCount } from '../../common/json.js';
import { bearer } from './openai.request.js';
/** Reads OpenAI's CreateEmbeddingResponse; a string names what is wrong. */
export function fromEmbeddingResponse(body) {
    if (!isRecord(body) || !Array.isArray(body.data))
        return 'no data list';
    const data = [];
    for (const [position, item] of body.data.entries()) {
        if (!isRecord(item))
            return 'embedding is not an object';
        const { embedding } = item;
        const floats = Array.isArray(embedding) && embedding.every((value) => typeof value === 'number');
        if (!floats && typeof embedding !== 'string')
            return 'embedding is neither numbers nor base64';
        data.push({ index: typeof item.index === 'number' ? item.index : position, embedding: embedding });
    }
    const usage = isRecord(body.usage) ? body.usage : {};
    return { data, prompt_tokens: tokenCount(usage.prompt_tokens) };
}
/** The request body: the client's fields as OpenAI names them, the model mapped. */
function embeddingsBody(model, request) {
    return {
        model: model.upstream_model,
        input: request.input,
        ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
        ...(request.encoding_format === undefined ? {} : { encoding_format: request.encoding_format }),
        ...(request.user === undefined ? {} : { user: request.user }),
    };
}
/** OpenAI's `POST {base}/embeddings`, for any provider speaking its format (`target`: the base URL and key of a model). */
export function openAIEmbeddings(target) {
    return {
        buildRequest: (model, request, context) => {
            const { baseUrl, apiKey } = target(model, context);
            return { url: `${baseUrl}/embeddings`, headers: bearer(apiKey), body: embeddingsBody(model, request) };
        },
        readResult: fromEmbeddingResponse,
    };
}
