import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postMcp } from './mcp/mcp-clients.js';
import { mcpSchema } from './mcp/mcp-schemas.js';
import { specsFor } from './support/specs-dir.js';
import { CLIENT_KEY, startGateway, type RunningGateway } from './support/gateway-harness.js';

const SECOND_KEY = 'second-client-key-abcdefghij';
const LIMIT_MESSAGE = /^Rate limit exceeded for this API key: 10 requests per 60 s \(burst limit\)\. Retry after \d+ s\.$/;

interface CallAnswer {
  jsonrpc: '2.0';
  id: number;
  result: { isError?: boolean; content: Array<{ type: string; text?: string }>; _meta?: Record<string, unknown> };
}

const call = (id: number): Record<string, unknown> => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'list_models', arguments: {} } });

/** Posts a JSON-RPC batch and reads every answer (SSE events or one JSON array), by id. */
async function postBatch(gateway: RunningGateway, messages: unknown[], key = CLIENT_KEY): Promise<{ response: Response; answers: Map<number, CallAnswer> }> {
  const response = await postMcp(gateway.url, JSON.stringify(messages), { authorization: `Bearer ${key}`, 'mcp-protocol-version': '2025-11-25' });
  const text = await response.text();
  const parsed = text.trimStart().startsWith('[')
    ? (JSON.parse(text) as CallAnswer[])
    : text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)) as CallAnswer);
  // Log notifications (a refused call is also reported as one) carry no id: only the answers are kept.
  const answers = parsed.filter((message) => message.id !== undefined);
  return { response, answers: new Map(answers.map((answer) => [answer.id, answer])) };
}

describe('MCP batches spend the budget per call served', () => {
  const schemas = specsFor('every batch answer validates against the 2025-11-25 CallToolResult schema');
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      GATEWAY_API_KEYS: `${CLIENT_KEY},${SECOND_KEY}`,
      // A burst of 10 over a window long enough that nothing frees up while the test runs.
      RATE_LIMIT_BURST: '10',
      RATE_LIMIT_BURST_WINDOW_MS: '60000',
      RATE_LIMIT_PER_MINUTE: '1000',
    });
  });
  afterAll(() => gateway?.close());

  it('a batch of 12 tools/call with 9 left: the first 9 are served, the other 3 refused, and nothing more is spent', async () => {
    const rest = await gateway.request('/v1/models');
    expect(rest.headers.get('x-ratelimit-remaining')).toBe('9');

    const { response, answers } = await postBatch(gateway, Array.from({ length: 12 }, (_, i) => call(i + 1)));
    expect(response.status).toBe(200);
    expect([...answers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    if (schemas) {
      const validate = mcpSchema('2025-11-25', 'CallToolResult');
      for (const answer of answers.values()) expect(validate(answer.result)).toBe(true);
    }

    const served = [...answers.values()].filter((answer) => !answer.result.isError).map((answer) => answer.id);
    expect(served.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const id of [10, 11, 12]) {
      const refused = answers.get(id)!;
      expect(refused.result.isError).toBe(true);
      expect(refused.result.content[0]?.text).toMatch(LIMIT_MESSAGE);
      expect(refused.result._meta?.['litellm-mcp-server/error']).toMatchObject({ status: 429, type: 'rate_limit_error' });
    }
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);

    // The budget is exactly spent: the next REST call is refused, another key is untouched.
    expect((await gateway.request('/v1/models')).status).toBe(429);
    const other = await gateway.request('/v1/models', { headers: { authorization: `Bearer ${SECOND_KEY}` } });
    expect(other.headers.get('x-ratelimit-remaining')).toBe('9');
  });

  it('a batch that fits is served whole, and requests without tools/call spend one request each (none is free)', async () => {
    const free = await postBatch(gateway, [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { jsonrpc: '2.0', id: 2, method: 'ping' }], SECOND_KEY);
    expect(free.response.status).toBe(200);
    // 10 - 1 (first test) - 2
    expect(free.response.headers.get('x-ratelimit-remaining')).toBe('7');

    const { answers } = await postBatch(gateway, [call(1), call(2), call(3)], SECOND_KEY);
    expect([...answers.values()].every((answer) => !answer.result.isError)).toBe(true);
    const rest = await gateway.request('/v1/models', { headers: { authorization: `Bearer ${SECOND_KEY}` } });
    // 10 - 1 (first test) - 2 - 3 - 1 (this call)
    expect(rest.headers.get('x-ratelimit-remaining')).toBe('3');
  });
});
