import { anthropicHeaders } from './anthropic.headers.js';
import { ANTHROPIC_PASSTHROUGH } from './anthropic.passthrough.js';
import { ANTHROPIC_PARAMETERS, messagesBody } from './anthropic.request.js';
import { STOP_REASONS, anthropicErrorMessage, fromAnthropicResponse } from './anthropic.response.js';
import { ANTHROPIC_STREAM } from './anthropic.stream.js';
export { ANTHROPIC_VERSION } from './anthropic.headers.js';
const CLAUDE = {
    id: 'claude',
    description: 'Claude model for conversational AI tasks.',
    provider: 'anthropic',
    upstream_model: 'claude-sonnet-4-6',
    max_output_tokens: 64000,
    default_max_tokens: 4096,
    // List prices (USD per million tokens) at the time of writing: what budgets count.
    input_cost_per_mtok: 3,
    output_cost_per_mtok: 15,
};
/** Anthropic's Messages API. */
export const ANTHROPIC = {
    kind: 'anthropic',
    label: 'Anthropic',
    settings: {
        apiKey: { env: 'ANTHROPIC_API_KEY', kind: 'secret', description: 'API key sent as x-api-key.' },
        baseUrl: { env: 'ANTHROPIC_BASE_URL', kind: 'url', default: 'https://api.anthropic.com', description: 'Messages API base URL (without /v1).' },
    },
    modelFields: {},
    builtinModels: [CLAUDE],
    parameters: ANTHROPIC_PARAMETERS,
    capabilities: { tools: true, vision: true, json_schema: true },
    finishReasons: STOP_REASONS,
    credential: (_model, { settings }) => ({ env: 'ANTHROPIC_API_KEY', value: settings.apiKey }),
    buildRequest: (model, request, params, { settings }) => ({
        url: `${settings.baseUrl}/v1/messages`,
        headers: anthropicHeaders(settings.apiKey),
        body: messagesBody(model, request, params),
    }),
    probe: (_model, { settings }) => ({ url: `${settings.baseUrl}/v1/models`, headers: anthropicHeaders(settings.apiKey) }),
    readResult: fromAnthropicResponse,
    errorMessage: anthropicErrorMessage,
    stream: ANTHROPIC_STREAM,
    passthrough: ANTHROPIC_PASSTHROUGH,
};
