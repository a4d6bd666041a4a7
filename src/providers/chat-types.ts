/**
 * The gateway's own vocabulary for an agent conversation: what every surface (REST, MCP, the OpenAI chat surface,
 * the Anthropic Messages surface, the OpenAI Responses surface) translates its request into, and what every
 * provider folder translates to and from its wire format. It follows Chat Completions' model (tool calls on the
 * assistant turn, one `tool` message per result) because that is the common ground of both upstream formats, but
 * it is the gateway's type, not OpenAI's: names are settled here once, and each provider maps them.
 * See docs/tools.md.
 */

/** Plain text. Several parts stay several parts (never concatenated): OpenAI gets parts, Anthropic text blocks. */
export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * An image, by an `https:` URL (never downloaded by the gateway) or a `data:` URL (checked for its declared type
 * and size before any upstream call, MAX_IMAGE_BYTES).
 */
export interface ImagePart {
  type: 'image';
  url: string;
  /** OpenAI's `detail`; providers without it ignore it. */
  detail?: 'auto' | 'low' | 'high';
}

export type ContentPart = TextPart | ImagePart;

/** A function call the model made: `arguments` is the JSON text as the model wrote it (validated on input). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A function the model may call; `parameters` is a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  /** OpenAI's strict mode; sent where the provider has it. */
  strict?: boolean;
}

/** `auto` (the default), `none`, `required` (any tool), or one named tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** Structured output: free JSON, or JSON valid against a named schema. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema?: Record<string, unknown>; description?: string; strict?: boolean };

export interface SystemTurn {
  role: 'system';
  content: string | TextPart[];
}

export interface UserTurn {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}

export interface AssistantTurn {
  role: 'assistant';
  /** null (or absent) when the turn only called tools. */
  content: string | TextPart[] | null;
  tool_calls?: ToolCall[];
  name?: string;
}

/** The result of one tool call; images allowed where the provider takes them in tool results (Anthropic). */
export interface ToolTurn {
  role: 'tool';
  tool_call_id: string;
  content: string | ContentPart[];
}

export type ChatTurn = SystemTurn | UserTurn | AssistantTurn | ToolTurn;

/** What an answer carries beyond text: the tool calls of the (first) choice. */
export interface ToolCalls {
  tool_calls?: ToolCall[];
}

/**
 * One streamed fragment of a tool call. `index` counts tool calls within the answer (0, 1, …), never a provider's
 * content-block index. The first fragment of a call carries `id` and `name`; later ones only `arguments` text.
 * A call whose arguments never arrived ends as `"{}"` (the provider parser emits that fragment).
 */
export interface ToolCallDelta {
  index: number;
  id?: string;
  name?: string;
  arguments?: string;
}

/** The capabilities a request needs of a model (checked against the model list before any attempt). */
export interface RequiredCapabilities {
  tools: boolean;
  vision: boolean;
  json_schema: boolean;
}
