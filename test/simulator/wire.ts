// Format-independent pieces shared by the OpenAI and Anthropic wire builders, and the
// WireFormat contract both implement so the simulator can treat them alike.
import { randomBytes } from 'node:crypto';
import type { Route, ScriptedReply } from './types.js';

export type HeaderMap = Record<string, string | string[] | undefined>;

/** What a wire format extracts from a request body to build the default reply. */
export interface PromptInfo {
  model: string;
  lastUserText: string;
  promptChars: number;
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean; // OpenAI stream_options.include_usage
  /** Anthropic: the tool `tool_choice: {type: 'tool', name}` forces, if any. */
  forcedTool?: string;
}

/** The completion to send, before it is put on a wire format. */
export interface CompletionPlan {
  text: string;
  pieces: string[];       // stream events, one text piece each
  finishReason: string;
  usage: { input: number; output: number };
  /** Tool calls to answer with (arguments as JSON text), after the text. */
  toolCalls: PlannedToolCall[];
  /** A structured answer (ScriptedReply.json), if scripted. */
  json?: unknown;
}

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface FinishReasons {
  stop: string;
  length: string;
  toolCalls: string;
}

/** Rough token estimate used everywhere: one token per four characters. */
export function approxTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Splits into word pieces that join back to the exact input (whitespace kept). */
export function splitWords(text: string): string[] {
  if (text === '') return [];
  return text.match(/\s*\S+\s*/g) ?? [text];
}

export function randomId(prefix: string, bytes = 12): string {
  return prefix + randomBytes(bytes).toString('hex');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message content: a plain string or an array of `{type:'text', text}` parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

export function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Splits JSON text into a few fragments, as upstreams stream tool arguments. */
export function fragments(text: string, count = 3): string[] {
  if (text.length <= 1) return [text];
  const size = Math.ceil(text.length / count);
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}

function plannedCalls(reply: ScriptedReply, idPrefix: string): PlannedToolCall[] {
  return (reply.toolCalls ?? []).map((call) => ({
    id: call.id ?? randomId(idPrefix),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
}

/** Decides text, stream pieces, finish reason, tool calls and usage from the prompt and the script. */
export function planCompletion(prompt: PromptInfo, reply: ScriptedReply, reasons: FinishReasons, idPrefix: string): CompletionPlan {
  const toolCalls = plannedCalls(reply, idPrefix);
  const json = reply.json === undefined ? undefined : JSON.stringify(reply.json);
  // A tool-calling answer has no text unless the script gives some.
  const fallbackText = toolCalls.length > 0 ? '' : `Simulated reply to: ${prompt.lastUserText.slice(0, 60)}`;
  const base = json ?? reply.text ?? reply.streamChunks?.join('') ?? fallbackText;
  const limit = prompt.maxTokens === undefined ? Infinity : prompt.maxTokens * 4;
  // Explicitly scripted stream pieces are sent as given, so they are never truncated.
  const truncated = reply.streamChunks === undefined && base.length > limit;
  const text = truncated ? base.slice(0, limit) : base;
  return {
    text,
    pieces: reply.streamChunks ?? splitWords(text),
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? reasons.toolCalls : truncated ? reasons.length : reasons.stop),
    usage: reply.usage ?? { input: approxTokens(prompt.promptChars), output: approxTokens(text.length + toolCalls.reduce((n, c) => n + c.arguments.length, 0)) },
    toolCalls,
    ...(reply.json === undefined ? {} : { json: reply.json }),
  };
}

/** One SSE frame; `event` is omitted for OpenAI, which only uses `data:` lines. */
export function sseFrame(data: string, event?: string): string {
  return (event === undefined ? '' : `event: ${event}\n`) + `data: ${data}\n\n`;
}

/** The frames of a stream: head and tail surround one frame per text piece. */
export interface StreamFrames {
  head: string[];
  pieces: string[];
  tail: string[];
}

/** Everything the simulator needs to know about one upstream API's wire format. */
export interface WireFormat {
  readonly route: Route;
  /** Response header carrying the request id ('x-request-id' or 'request-id'). */
  readonly requestIdHeader: string;
  readonly reasons: FinishReasons;
  matchesPath(pathname: string): boolean;
  isAuthorized(headers: HeaderMap, key: string): boolean;
  readPrompt(body: unknown): PromptInfo;
  /** What the real API refuses with a 400 (the other API's format, broken tool pairing…), or undefined. */
  refusal(body: unknown): string | undefined;
  /** Prefix of the ids of tool calls it makes ('call_' / 'toolu_'). */
  readonly toolIdPrefix: string;
  newRequestId(): string;
  successBody(plan: CompletionPlan, prompt: PromptInfo): unknown;
  streamFrames(plan: CompletionPlan, prompt: PromptInfo): StreamFrames;
  streamErrorFrame(error: { type: string; message: string }): string;
  /** The API's standard error body for a status; `message` overrides the default text. */
  errorBody(status: number, requestId: string, message?: string): unknown;
  /** A 200 body that starts like a real one but is cut off mid-JSON. */
  malformedBody(): string;
}
