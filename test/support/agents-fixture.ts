// One simulator and one gateway per agents suite (started in beforeAll, cleared between tests): the three kinds of
// upstream an agent may reach through /openai/v1, and helpers to read what each upstream received.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamSimulator, type RecordedRequest } from '../simulator/upstream-simulator.js';
import { openAISchema } from './openapi-schemas.js';
import { ANTHROPIC_KEY, CLIENT_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from './gateway-harness.js';

/** The models every agents suite runs on: OpenAI, Anthropic, and an openai-compatible server (vLLM-like). */
export const AGENT_MODELS = ['gpt-4o', 'claude', 'local'] as const;
export type AgentModel = (typeof AGENT_MODELS)[number];
/** The upstream model name of `local`, to tell its requests from gpt-4o's on the same simulator. */
export const LOCAL_UPSTREAM_MODEL = 'local-llama';

export interface AgentsFixture {
  upstream: UpstreamSimulator;
  gateway: RunningGateway;
  baseURL: string;
  apiKey: string;
  close(): Promise<void>;
}

export async function startAgentsFixture(env: Record<string, string> = {}): Promise<AgentsFixture> {
  const upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
  const dir = mkdtempSync(join(tmpdir(), 'agents-'));
  const file = join(dir, 'models.yaml');
  writeFileSync(
    file,
    [
      'models:',
      '  - id: gpt-4o',
      '  - id: claude',
      '  - id: local',
      '    provider: openai-compatible',
      `    base_url: ${upstream.url}/v1`,
      `    upstream_model: ${LOCAL_UPSTREAM_MODEL}`,
      '    api_key_env: LOCAL_LLM_KEY',
      '    supports_vision: true',
      '    supports_json_schema: true',
      // A text-only model, and one whose fallbacks include it (capability checks and skipped fallbacks).
      '  - id: text-only',
      '    provider: openai-compatible',
      `    base_url: ${upstream.url}/v1`,
      '    upstream_model: text-only-llm',
      '    api_key_env: LOCAL_LLM_KEY',
      '    supports_tools: false',
      '  - id: flaky',
      '    provider: openai-compatible',
      `    base_url: ${upstream.url}/v1`,
      '    upstream_model: flaky-llm',
      '    api_key_env: LOCAL_LLM_KEY',
      '    fallbacks: [text-only, gpt-4o]',
      '',
    ].join('\n'),
  );
  const gateway = await startGateway({ ...simulatorEnv(upstream.url), GATEWAY_CONFIG: file, LOCAL_LLM_KEY: OPENAI_KEY, UPSTREAM_MAX_RETRIES: '0', ...env });
  return {
    upstream,
    gateway,
    baseURL: `${gateway.url}/openai/v1`,
    apiKey: CLIENT_KEY,
    async close() {
      await gateway.close();
      await upstream.stop();
    },
  };
}

/** Whether a model's requests go to Anthropic's Messages API (else Chat Completions). */
export const isAnthropic = (model: AgentModel): boolean => model === 'claude';

/** The body of the n-th request the upstream received, after checking it went to the model's own API. */
export function received(upstream: UpstreamSimulator, model: AgentModel, index = 0): Record<string, unknown> {
  const request: RecordedRequest | undefined = upstream.requests[index];
  if (request === undefined) throw new Error(`the upstream received no request #${index} (${upstream.requests.length} in all)`);
  const expected = isAnthropic(model) ? '/v1/messages' : '/v1/chat/completions';
  if (request.path !== expected) throw new Error(`request #${index} went to ${request.path}, not ${expected}`);
  const body = request.body as Record<string, unknown>;
  const upstreamModel = { 'gpt-4o': 'gpt-4o', claude: 'claude-sonnet-4-6', local: LOCAL_UPSTREAM_MODEL }[model];
  if (body.model !== upstreamModel) throw new Error(`request #${index} named model ${String(body.model)}, not ${upstreamModel}`);
  return body;
}

/** Problems of a value against one of OpenAI's schemas (empty when valid); only called with SPECS_DIR. */
export function schemaProblems(name: string, value: unknown): unknown[] {
  const validate = openAISchema(name);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** The first JSON log line matching `match`, waiting for it (lines may be written after the response ended). */
export function waitForLogLine(gateway: RunningGateway, match: (entry: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = (): void => {
      const found = gateway.logs.flatMap((text) => (text.startsWith('{') ? [JSON.parse(text) as Record<string, unknown>] : [])).find(match);
      if (found) resolve(found);
      else if (Date.now() - started > timeoutMs) reject(new Error(`no matching log line within ${timeoutMs} ms`));
      else setTimeout(look, 20);
    };
    look();
  });
}
