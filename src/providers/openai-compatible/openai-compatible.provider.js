import { bearer, chatCompletionsBody } from '../openai/openai.request.js';
import { CHAT_FINISH_REASONS, fromOpenAIResponse, openAIErrorMessage } from '../openai/openai.response.js';
import { openAIEmbeddings } from '../openai/openai.embeddings.js';
import { OPENAI_STREAM } from '../openai/openai.stream.js';
/** The temperature cap of an openai-compatible model without `max_temperature`: what most such servers accept. */
export const DEFAULT_COMPATIBLE_MAX_TEMPERATURE = 1;
const baseUrl = (model) => (model.base_url ?? '').replace(/\/+$/, '');
const apiKey = (model, env) => model.api_key_env ? env[model.api_key_env]?.trim() : undefined;
/**
 * Any server speaking the Chat Completions API (vLLM, Ollama, LM Studio, Mistral, Groq...): OpenAI's wire format,
 * with the base URL and key variable of the model entry, and the conservative common subset of OpenAI's rules:
 * `max_tokens` (which every such server knows, unlike `max_completion_tokens`), temperature up to the entry's
 * `max_temperature`.
 */
export const OPENAI_COMPATIBLE = {
    kind: 'openai-compatible',
    label: 'The OpenAI-compatible upstream',
    settings: {},
    modelFields: { base_url: 'required', api_key_env: 'optional', max_temperature: 'optional' },
    builtinModels: [],
    parameters: {
        accepts: {
            max_tokens: { wire: 'max_tokens' },
            temperature: { wire: 'temperature', max: (model) => model.max_temperature ?? DEFAULT_COMPATIBLE_MAX_TEMPERATURE },
            top_p: { wire: 'top_p', max: 1 },
            stop: { wire: 'stop' },
            // No `n`: several such servers ignore it and answer one choice, which would look like success.
            user: { wire: 'user' },
        },
    },
    capabilities: { tools: true, vision: false, json_schema: false },
    finishReasons: CHAT_FINISH_REASONS,
    credential: (model, { env }) => {
        if (!model.api_key_env)
            return undefined;
        return { env: model.api_key_env, value: env[model.api_key_env]?.trim() || undefined };
    },
    buildRequest: (model, request, params, { env }) => ({
        url: `${baseUrl(model)}/chat/completions`,
        headers: bearer(apiKey(model, env)),
        body: chatCompletionsBody(model, request, params),
    }),
    probe: (model, { env }) => ({ url: `${baseUrl(model)}/models`, headers: bearer(apiKey(model, env)) }),
    readResult: fromOpenAIResponse,
    errorMessage: openAIErrorMessage,
    stream: OPENAI_STREAM,
    embed: openAIEmbeddings((model, { env }) => ({ baseUrl: baseUrl(model), apiKey: apiKey(model, env) })),
};
