// What `npm run bench` measures: five requests, each sent to three targets under the same load.

export const TARGET_IDS = ['bare', 'gateway-memory', 'gateway-redis'] as const;
export type TargetId = (typeof TARGET_IDS)[number];

export const TARGET_LABELS: Readonly<Record<TargetId, string>> = {
  bare: 'bare proxy',
  'gateway-memory': 'gateway, memory limits',
  'gateway-redis': 'gateway, Redis limits',
};

export interface Scenario {
  id: string;
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** A streamed answer (text/event-stream): its c=1 run times the first byte and the whole stream. */
  streamed?: boolean;
}

const PROMPT = 'Write a poem about the ocean.';

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'complete-openai',
    label: 'POST /v1/complete, gpt-4o (OpenAI)',
    method: 'POST',
    path: '/v1/complete',
    body: JSON.stringify({ model: 'gpt-4o', prompt: PROMPT, max_tokens: 50 }),
  },
  {
    id: 'complete-anthropic',
    label: 'POST /v1/complete, claude (Anthropic)',
    method: 'POST',
    path: '/v1/complete',
    body: JSON.stringify({ model: 'claude', prompt: PROMPT, max_tokens: 50 }),
  },
  {
    id: 'chat-openai',
    label: 'POST /openai/v1/chat/completions, gpt-4o',
    method: 'POST',
    path: '/openai/v1/chat/completions',
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }], max_tokens: 50 }),
  },
  {
    id: 'chat-stream',
    label: 'POST /openai/v1/chat/completions, gpt-4o, stream',
    method: 'POST',
    path: '/openai/v1/chat/completions',
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }], max_tokens: 50, stream: true }),
    streamed: true,
  },
  { id: 'models', label: 'GET /v1/models', method: 'GET', path: '/v1/models' },
];

/** The scenarios BENCH_SCENARIOS names (comma-separated ids), all of them when it is unset. */
export function selectScenarios(list: string | undefined): readonly Scenario[] {
  const wanted = (list ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (wanted.length === 0) return SCENARIOS;
  const unknown = wanted.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
  return SCENARIOS.filter((s) => wanted.includes(s.id));
}

/**
 * The shape of a streamed answer: every event a chat.completion.chunk with choices, ending with [DONE]; so the
 * harness compares what the targets stream, not how many events they cut it into.
 */
export function streamShape(text: string): string {
  const events = text.split('\n\n').map((e) => e.trim()).filter((e) => e !== '' && !e.startsWith(':'));
  if (events.at(-1) !== 'data: [DONE]') return 'stream without data: [DONE]';
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')) as { object?: string; choices?: unknown });
  if (chunks.length === 0 || chunks.some((c) => c.object !== 'chat.completion.chunk' || !Array.isArray(c.choices))) return 'not chat.completion.chunks';
  return 'chat.completion.chunk… [DONE]';
}

/**
 * The shape of a success envelope's data (its field names, and those of its first list entry), so the harness can
 * check that the bare proxy answers what the gateway answers before comparing their speed.
 */
export function envelopeShape(body: unknown): string {
  if (typeof body !== 'object' || body === null) return 'not an object';
  // OpenAI's shapes have no envelope: the object itself is the data.
  if ((body as { object?: unknown }).object === 'chat.completion') return `chat.completion: ${keysOf(body)}`;
  if ((body as { success?: unknown }).success !== true) return 'not a success envelope';
  return keysOf((body as { data?: unknown }).data);
}

function keysOf(data: unknown): string {
  if (typeof data !== 'object' || data === null) return 'no data';
  return Object.entries(data)
    .map(([key, value]) => (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null ? `${key}[${Object.keys(value[0]).sort().join(',')}]` : key))
    .sort()
    .join(' ');
}
