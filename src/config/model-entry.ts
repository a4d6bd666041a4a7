/** The providers an entry of the model list can name. */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** One entry of the model list: what clients send (`id`) and how to reach it upstream. */
export interface ModelEntry {
  id: string;
  description: string;
  provider: ProviderKind;
  upstream_model: string;
  max_output_tokens: number;
  default_max_tokens: number;
  /** Only for `openai-compatible`: the server's Chat Completions base URL. */
  base_url?: string;
  /** Only for `openai-compatible`: the environment variable holding its API key (none: no key sent). */
  api_key_env?: string;
  /** Per-attempt upstream timeout for this model, overriding UPSTREAM_TIMEOUT_MS. */
  timeout_ms?: number;
  /** Overall deadline for a request to this model (retries and fallbacks included), overriding REQUEST_TIMEOUT_MS. */
  request_timeout_ms?: number;
  /** Model ids tried in order when this one still fails retryably after its retries (not transitive). */
  fallbacks?: string[];
}

/** Built-in list: what `npm start` serves with no GATEWAY_CONFIG. Descriptions are the seed's. */
export const BUILTIN_MODELS: readonly ModelEntry[] = [
  {
    id: 'gpt-4o',
    description: 'GPT-4 optimized for high performance and accuracy.',
    provider: 'openai',
    upstream_model: 'gpt-4o',
    max_output_tokens: 16384,
    default_max_tokens: 4096,
  },
  {
    id: 'claude',
    description: 'Claude model for conversational AI tasks.',
    provider: 'anthropic',
    upstream_model: 'claude-sonnet-4-6',
    max_output_tokens: 64000,
    default_max_tokens: 4096,
  },
];
