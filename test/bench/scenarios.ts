// What `npm run bench` measures: three requests, each sent to three targets under the same load.

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
  { id: 'models', label: 'GET /v1/models', method: 'GET', path: '/v1/models' },
];

/**
 * The shape of a success envelope's data (its field names, and those of its first list entry), so the harness can
 * check that the bare proxy answers what the gateway answers before comparing their speed.
 */
export function envelopeShape(body: unknown): string {
  if (typeof body !== 'object' || body === null || (body as { success?: unknown }).success !== true) return 'not a success envelope';
  const data = (body as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return 'no data';
  return Object.entries(data)
    .map(([key, value]) => (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null ? `${key}[${Object.keys(value[0]).sort().join(',')}]` : key))
    .sort()
    .join(' ');
}
