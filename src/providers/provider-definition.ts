import type { ModelEntry } from '../config/model-entry.js';
import type { ParameterRules } from './parameter-rules.js';
import type { EmbeddingSlot } from './embeddings.js';
import type { PassthroughRequest, PassthroughSlot } from './passthrough.js';
import type { StreamTransform } from './stream-transform.js';
import type { ChatTurn, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from './chat-types.js';

/** One chat turn in the gateway's own terms (chat-types.ts): OpenAI's `developer` role arrives here as `system`. */
export type ChatMessage = ChatTurn;

/**
 * A completion request after validation, in the gateway's own terms. REST and MCP send their prompt as one user
 * message; the chat surfaces send their conversation, with tools, images and a response format (docs/tools.md).
 */
export interface CompletionRequest {
  messages: readonly ChatTurn[];
  /** Functions the model may call; absent or empty = none. */
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  /** false asks for at most one tool call per turn (Anthropic: `disable_parallel_tool_use`). */
  parallel_tool_calls?: boolean;
  /** Structured output; absent or `text` = free text. */
  response_format?: ResponseFormat;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  /** Choices to generate; only the OpenAI-compatible surface sends it, and only above 1. */
  n?: number;
  /** The end user's opaque id, for the provider's abuse monitoring (OpenAI `user`). */
  user?: string;
  /** The client's own request, sent as is to a provider with a matching `passthrough` slot (passthrough.ts). */
  passthrough?: PassthroughRequest;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** One generated answer: the text and the finish reason in OpenAI's vocabulary. */
export interface CompletionChoice {
  /** '' when the turn only called tools. */
  text: string;
  finish_reason: string;
  /** The functions the model called, in order; absent when it called none. */
  tool_calls?: ToolCall[];
}

/** What a provider's response mapping hands back: the (first) choice and the usage. */
export interface CompletionResult extends CompletionChoice {
  usage: TokenUsage;
  /** Every choice in index order, set only when the upstream sent more than one (n > 1). */
  choices?: readonly CompletionChoice[];
  /** A pass-through call's upstream body, relayed to the client as sent (passthrough.ts). */
  raw?: Record<string, unknown>;
}

/** A provider's default capabilities (docs/tools.md); a model entry's `supports_*` fields override them. */
export interface ProviderCapabilities {
  tools: boolean;
  vision: boolean;
  json_schema: boolean;
}

/** One environment variable a provider reads; the config layer validates it by `kind` and names it in errors. */
export interface SettingSpec {
  env: string;
  /** `secret`: any non-empty text, never logged; `url`: an http(s) URL without credentials, trailing `/` removed. */
  kind: 'secret' | 'url';
  default?: string;
  description: string;
}

/** The values of a provider's settings, by the setting's key in the definition (unset: undefined). */
export type SettingValues = Readonly<Record<string, string | undefined>>;

/** Model-list fields beyond the common ones that a provider accepts (`required`) or allows (`optional`). */
export type ProviderModelFields = Partial<Record<'base_url' | 'api_key_env' | 'max_temperature', 'required' | 'optional'>>;

/** Where one model's API key comes from: the variable to name when it is missing, and its value. */
export interface Credential {
  env: string;
  value: string | undefined;
}

/** What a definition's functions may read: its own settings and the environment (for `api_key_env`). */
export interface ProviderContext {
  settings: SettingValues;
  env: Readonly<Record<string, string | undefined>>;
}

/** One upstream request, built by a definition, sent by the transport. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A cheap authenticated GET that shows an upstream is reachable and accepts the key (GET /health/providers). */
export interface ProbeRequest {
  url: string;
  headers: Record<string, string>;
}

/**
 * Everything the gateway knows about one provider, in its folder (docs/providers.md). Plain data and pure
 * functions: the transport, the checks and the retry policy are generic and live elsewhere.
 */
export interface ProviderDefinition {
  /** The model list's `provider` value. */
  readonly kind: string;
  /** Human name for messages, e.g. "OpenAI". */
  readonly label: string;
  /** Environment variables, keyed by the name the definition's functions read them by. */
  readonly settings: Readonly<Record<string, SettingSpec>>;
  readonly modelFields: ProviderModelFields;
  /** Built-in models, served without a model-list file. */
  readonly builtinModels: readonly ModelEntry[];
  readonly parameters: ParameterRules;
  /** What the provider's models can take unless the model list says otherwise (supports_tools, …). */
  readonly capabilities: ProviderCapabilities;
  /** The provider's finish reasons in OpenAI's vocabulary; an unknown one passes through unchanged. */
  readonly finishReasons: Readonly<Record<string, string>>;
  /** The key a model needs, or undefined when it is called without one. */
  credential(model: ModelEntry, context: ProviderContext): Credential | undefined;
  /**
   * `params` are the client's parameters under their wire names, already checked against `parameters`; the
   * conversation, tools and response format come from `request`. May throw an ApiError (400) for a conversation
   * the provider cannot take: it runs before any attempt.
   */
  buildRequest(model: ModelEntry, request: CompletionRequest, params: Record<string, unknown>, context: ProviderContext): UpstreamRequest;
  /**
   * Reads a success body; a string names what is wrong with a body of the wrong shape (answered as 502).
   * `request` is what was asked (e.g. Anthropic reads its structured-output tool call back as text).
   */
  readResult(body: unknown, request: CompletionRequest): CompletionResult | string;
  /** The provider's own message in an error body, if there is one. */
  errorMessage(body: unknown): string | undefined;
  /** The provider's model listing, called by GET /health/providers (never for completions). */
  probe(model: ModelEntry, context: ProviderContext): ProbeRequest;
  /** Streaming (docs/streaming.md): absent means the provider's models cannot stream (400 naming `stream`). */
  readonly stream?: StreamTransform;
  /** A client format this provider takes as sent (passthrough.ts); absent: requests are always translated. */
  readonly passthrough?: PassthroughSlot;
  /** Embeddings (docs/embeddings.md); absent: the provider's models cannot be `mode: embedding`. */
  readonly embed?: EmbeddingSlot;
}

/** A finish reason through a provider's table; a missing one is a natural stop. */
export function mapFinishReason(table: Readonly<Record<string, string>>, reason: unknown): string {
  if (typeof reason !== 'string') return 'stop';
  return table[reason] ?? reason;
}
