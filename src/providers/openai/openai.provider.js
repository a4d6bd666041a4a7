import { bearer, chatCompletionsBody } from './openai.request.js';
import { CHAT_FINISH_REASONS, fromOpenAIResponse, openAIErrorMessage } from './openai.response.js';
import { openAIEmbeddings } from './openai.embeddings.js';
import { OPENAI_STREAM } from './openai.stream.js';
const GPT_4O = {
    id: 'gpt-4o',
    description: 'GPT-4 optimized for high performance and accuracy.',
    provider: 'openai',
    upstream_model: 'gpt-4o',
    max_output_tokens: 16384,
    default_max_tokens: 4096,
    // List prices (USD per million tokens) at the time of writing: what budgets count.
    input_cost_per_mtok: 2.5,
    output_cost_per_mtok: 10,
};
/** OpenAI's Chat Completions API. */
export const OPENAI = {
    kind: 'openai',
    label: 'OpenAI',
    settings: {
        apiKey: { env: 'OPENAI_API_KEY', kind: 'secret', description: 'API key sent as a Bearer token.' },
        baseUrl: { env: 'OPENAI_BASE_URL', kind: 'url', default: 'https://api.openai.com/v1', description: 'Chat Completions base URL.' },
    },
    modelFields: {},
    builtinModels: [GPT_4O],
    parameters: {
        accepts: {
            // max_tokens is deprecated for Chat Completions and refused by the o-series models.
            max_tokens: { wire: 'max_completion_tokens' },
            temperature: { wire: 'temperature', max: 2 },
            top_p: { wire: 'top_p', max: 1 },
            stop: { wire: 'stop' },
            n: { wire: 'n', max: 128, upstreamDefault: 1 },
            // Deprecated by OpenAI for safety_identifier, still accepted, and what every compatible server knows.
            user: { wire: 'user' },
        },
    },
    capabilities: { tools: true, vision: true, json_schema: true },
    finishReasons: CHAT_FINISH_REASONS,
    credential: (_model, { settings }) => ({ env: 'OPENAI_API_KEY', value: settings.apiKey }),
    buildRequest: (model, request, params, { settings }) => ({
        url: `${settings.baseUrl}/chat/completions`,
        headers: bearer(settings.apiKey),
        body: chatCompletionsBody(model, request, params),
    }),
    probe: (_model, { settings }) => ({ url: `${settings.baseUrl}/models`, headers: bearer(settings.apiKey) }),
    readResult: fromOpenAIResponse,
    errorMessage: openAIErrorMessage,
    stream: OPENAI_STREAM,
    embed: openAIEmbeddings((_model, { settings }) => ({ baseUrl: settings.baseUrl ?? '', apiKey: settings.apiKey })),
};
