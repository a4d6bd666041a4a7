// Starts the benchmark's processes on loopback, each on a free port: the upstream simulator, the bare proxy, and the
// gateway's production build twice (in-memory limits; Redis limits under a fresh key prefix).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startService, type Service } from './processes.js';
import type { LoadSpec } from './load.js';
import type { Scenario, TargetId } from './scenarios.js';

export const CLIENT_KEY = 'bench-client-key-0123456789abcdef';
const OPENAI_KEY = 'sk-bench-openai-0123456789';
const ANTHROPIC_KEY = 'sk-ant-bench-0123456789';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The highest limit the gateway accepts: the benchmark measures throughput, not 429s. */
const NO_LIMIT = '1000000000';
/**
 * Above the default 250 ms: with the load generator and every process on 2 cores, a saturated gateway's event loop
 * can lag past 250 ms, and a Redis command then times out without Redis being slow. The timeout changes nothing on
 * the path measured; it only decides when a command counts as failed.
 */
const REDIS_TIMEOUT_MS = '2000';

export interface Target {
  id: TargetId;
  url: string;
  pid: number;
}

export interface RunningTargets {
  targets: Target[];
  redisPrefix: string;
}

/**
 * The gateway's Node flags, as the Dockerfile's CMD and `npm start` pass them (node-flags.spec.ts keeps the three
 * equal); BENCH_GATEWAY_NODE_FLAGS (space-separated) replaces them to compare settings.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--heap-growing-percent=50'];

function gatewayFlags(): string[] {
  const override = process.env.BENCH_GATEWAY_NODE_FLAGS;
  return override === undefined ? [...GATEWAY_NODE_FLAGS] : override.split(' ').filter((flag) => flag !== '');
}

const jsonUrl = (log: string): string | undefined => /\{"url":"(http:\/\/[^"]+)"\}/.exec(log)?.[1];
const gatewayUrl = (log: string): string | undefined => {
  const line = log.split('\n').find((l) => l.includes('Gateway listening'));
  const port = line === undefined ? undefined : /"port":(\d+)/.exec(line)?.[1];
  return port === undefined ? undefined : `http://127.0.0.1:${port}`;
};

/** The production build's entry point: dist/main.js, or BENCH_GATEWAY_MAIN (an earlier commit's, for before/after figures in one run). */
export function gatewayMain(root: string): string {
  const main = process.env.BENCH_GATEWAY_MAIN ?? join(root, 'dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: \`npm run bench\` builds dist/ first`);
  return main;
}

/** The upstream simulator, on a free port. */
export function startSimulator(): Promise<Service> {
  return startService('simulator', [join(import.meta.dirname, 'simulator-process.js'), OPENAI_KEY, ANTHROPIC_KEY], {}, jsonUrl);
}

/** The bare proxy or another reference process of this folder (`script`), in front of the simulator. */
export function startReference(name: string, script: string, upstreamUrl: string): Promise<Service> {
  const env = { UPSTREAM_URL: upstreamUrl, BARE_API_KEY: CLIENT_KEY, OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY };
  return startService(name, [join(import.meta.dirname, script)], env, jsonUrl);
}

/** The gateway with in-memory limits too high to refuse anything, in front of the simulator; `env` adds to it. */
export function startGateway(name: string, main: string, upstreamUrl: string, env: Record<string, string> = {}): Promise<Service> {
  const gatewayEnv = {
    HOST: '127.0.0.1',
    PORT: '0',
    GATEWAY_API_KEYS: CLIENT_KEY,
    OPENAI_API_KEY: OPENAI_KEY,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    OPENAI_BASE_URL: `${upstreamUrl}/v1`,
    ANTHROPIC_BASE_URL: upstreamUrl,
    RATE_LIMIT_BURST: NO_LIMIT,
    RATE_LIMIT_PER_MINUTE: NO_LIMIT,
  };
  return startService(name, [...gatewayFlags(), main], { ...gatewayEnv, ...env }, gatewayUrl, 60_000);
}

export async function startTargets(root: string): Promise<RunningTargets> {
  const main = gatewayMain(root);
  const sim = await startSimulator();
  const bare = await startReference('bare', 'bare-proxy.js', sim.url);
  const memory = await startGateway('gateway-memory', main, sim.url);
  const redisPrefix = `bench:${randomBytes(6).toString('hex')}:`;
  // Fail closed: should Redis falter, requests get 503 and the run fails, instead of silently measuring no limits.
  const redis = await startGateway('gateway-redis', main, sim.url, { REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, RATE_LIMIT_FAIL_MODE: 'closed', REDIS_TIMEOUT_MS: REDIS_TIMEOUT_MS });
  const target = (id: TargetId, service: { url: string; child: { pid?: number } }): Target => ({ id, url: service.url, pid: service.child.pid! });
  return { targets: [target('bare', bare), target('gateway-memory', memory), target('gateway-redis', redis)], redisPrefix };
}

/** The load of one scenario against one target: the client key, and the JSON content type when there is a body. */
export function loadSpec(target: { url: string }, scenario: Scenario, connections: number, durationS: number): LoadSpec {
  const headers: Record<string, string> = { authorization: `Bearer ${CLIENT_KEY}` };
  if (scenario.body !== undefined) headers['content-type'] = 'application/json';
  return { url: `${target.url}${scenario.path}`, method: scenario.method, headers, body: scenario.body, connections, durationS };
}

/** The rate-limit store a gateway reports on GET /health and its failure count; undefined if it reports none. */
export async function storeStats(target: Target): Promise<{ store?: string; store_failures?: number } | undefined> {
  const body = (await (await fetch(`${target.url}/health`)).json()) as { data?: { rate_limit?: { store?: string; store_failures?: number } } };
  return body.data?.rate_limit;
}

/**
 * Checks each gateway used the store it was meant to, with no store failure since `baseline` (failures counted
 * after warm-up): with fail-closed a failure is also a 503, but one answered after the load generator left is not.
 */
export async function verifyStores(targets: Target[], baseline: ReadonlyMap<TargetId, number>): Promise<void> {
  for (const target of targets.filter((t) => t.id !== 'bare')) {
    const stats = await storeStats(target);
    if (stats === undefined) continue;
    const expected = target.id === 'gateway-redis' ? 'redis' : 'memory';
    const failed = (stats.store_failures ?? 0) - (baseline.get(target.id) ?? 0);
    if (stats.store !== expected || failed > 0) {
      throw new Error(`${target.id}: /health reports rate_limit ${JSON.stringify(stats)} (${failed} failures while measured); expected store ${expected} without failures`);
    }
  }
}

/** Deletes the run's rate-limit keys (they would expire anyway). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  redis.on('error', () => {}); // connect() rejects with the same error, and the caller reports it
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
