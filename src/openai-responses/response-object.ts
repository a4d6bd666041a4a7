/**
 * The Responses API objects the gateway answers with (OpenAI's `Response`, its output items and usage), as plain
 * types: the surface builds them, the store keeps them, the stream encoder repeats them in its events.
 */

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

export interface OutputMessageItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}

export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export type OutputItem = OutputMessageItem | FunctionCallItem;

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The request's settings, echoed on every response object as OpenAI does (null where the client sent none). */
export interface ResponseSettings {
  model: string;
  instructions: string | null;
  max_output_tokens: number | null;
  temperature: number | null;
  top_p: number | null;
  tools: Record<string, unknown>[];
  tool_choice: string | Record<string, unknown>;
  parallel_tool_calls: boolean;
  text: { format: Record<string, unknown> };
  metadata: Record<string, string>;
  /** Left out when not sent (the schema has it as a plain string). */
  user?: string;
  store: boolean;
  previous_response_id: string | null;
}

export interface ResponseObject extends ResponseSettings {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  completed_at: number | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  output: OutputItem[];
  /** Left out until known (and when the upstream reported none): the schema has no null here. */
  usage?: ResponseUsage;
  background: false;
  reasoning: { effort: null; summary: null };
  truncation: 'disabled';
  service_tier: 'default';
}

/** `resp_` and 48 hex digits, as OpenAI's ids look; item ids carry their response's hex so a reference finds it. */
export interface ResponseIds {
  response: string;
  /** The id of output item `index`, `msg_…` or `fc_…`. */
  item(kind: 'msg' | 'fc', index: number): string;
}

export function responseIds(hex: string): ResponseIds {
  return {
    response: `resp_${hex}`,
    item: (kind, index) => `${kind}_${hex}${index.toString(16).padStart(4, '0')}`,
  };
}

/** The response id an output item id (`msg_<hex><4 digits>`) belongs to, or undefined for an id of another form. */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = /^(?:msg|fc)_([0-9a-f]{48})[0-9a-f]{4}$/.exec(itemId);
  return match ? `resp_${match[1]}` : undefined;
}
