/** One entry of the model list: what clients send (`id`) and how to reach it upstream. */
export interface ModelEntry {
  id: string;
  description: string;
  /** The `kind` of a provider definition in the registry (src/providers/registry.ts). */
  provider: string;
  upstream_model: string;
  max_output_tokens: number;
  default_max_tokens: number;
  /** For providers that declare it (modelFields): the server's base URL. */
  base_url?: string;
  /** For providers that declare it: the environment variable holding the API key (none: no key sent). */
  api_key_env?: string;
  /** For providers that declare it: the highest temperature the server accepts. */
  max_temperature?: number;
  /** Per-attempt upstream timeout for this model, overriding UPSTREAM_TIMEOUT_MS. */
  timeout_ms?: number;
  /** Overall deadline for a request to this model (retries and fallbacks included), overriding REQUEST_TIMEOUT_MS. */
  request_timeout_ms?: number;
  /** List price in USD per million prompt tokens: what budgets and usage count (none: free). */
  input_cost_per_mtok?: number;
  /** List price in USD per million completion tokens. */
  output_cost_per_mtok?: number;
  /** Whether the model takes `tools` (none: the provider's default, docs/tools.md). */
  supports_tools?: boolean;
  /** Whether the model takes image parts (none: the provider's default). */
  supports_vision?: boolean;
  /** Whether the model takes `response_format` json_object / json_schema (none: the provider's default). */
  supports_json_schema?: boolean;
  /** `embedding`: served by POST /openai/v1/embeddings only (docs/embeddings.md); absent or `chat`: a chat model. */
  mode?: 'chat' | 'embedding';
  /** Model ids tried in order when this one still fails retryably after its retries (not transitive). */
  fallbacks?: string[];
}
