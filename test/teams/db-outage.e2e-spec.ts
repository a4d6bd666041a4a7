import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { UpstreamSimulator } from '../simulator/upstream-simulator.js';
import { ANTHROPIC_KEY, OPENAI_KEY, simulatorEnv, startGateway, type RunningGateway } from '../support/gateway-harness.js';
import { OwnPostgres } from '../support/own-postgres.js';

// The database stopped mid-run and started again, on a cluster of this test's own. Without Redis, so the spend
// counters live in the database too. Cached keys keep working (no 5xx), usage waits in memory, and every row is
// written once the database is back.
const ADMIN_KEY = 'admin-key-outage-0123456789abc';

interface Envelope {
  data: Record<string, unknown> & { rows?: Record<string, unknown>[] };
}

describe('teams: a database outage', () => {
  let postgres: OwnPostgres;
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;

  beforeAll(async () => {
    postgres = await OwnPostgres.create();
    upstream = await UpstreamSimulator.start({ openaiKey: OPENAI_KEY, anthropicKey: ANTHROPIC_KEY });
    upstream.setDefault({ text: 'ok', finishReason: 'stop', usage: { input: 10, output: 10 } });
    gateway = await startGateway({
      ...simulatorEnv(upstream.url),
      DATABASE_URL: postgres.url,
      GATEWAY_ADMIN_KEYS: ADMIN_KEY,
      // Shorter than the outage: entries go stale while the database is down and must still be served.
      KEY_CACHE_TTL_MS: '500',
      USAGE_FLUSH_MS: '200',
      DATABASE_TIMEOUT_MS: '1000',
    });
  }, 60_000);
  afterAll(async () => {
    if (process.env.DEBUG_OUTAGE) console.log(gateway?.logs.slice(-15).join('\n'));
    await gateway?.close();
    await upstream?.stop();
    await postgres?.destroy();
  });

  const admin = (path: string, json?: unknown): Promise<Response> => gateway.request(`/admin/v1${path}`, { json, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  const complete = (key: string): Promise<Response> => gateway.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' }, headers: { authorization: `Bearer ${key}` } });

  it('serves cached keys through a restart of the database and loses no usage row', async () => {
    const created = (await (await admin('/keys', { name: 'through-outage', budget: { max_usd: 100, period: 'month' } })).json()) as Envelope;
    const key = created.data.key as string;
    const id = created.data.id as string;
    expect((await complete(key)).status).toBe(200);

    await postgres.stop();
    const during: number[] = [];
    const outageEnds = Date.now() + 3000;
    while (Date.now() < outageEnds) {
      during.push((await complete(key)).status);
      await sleep(100);
    }
    expect(during.length).toBeGreaterThan(10);
    expect(during.every((status) => status === 200)).toBe(true);
    // A key never seen cannot be checked: 503 (it may be valid), not 401.
    expect((await complete(`sk-gw-${'q'.repeat(43)}`)).status).toBe(503);
    expect(gateway.logs.join('\n')).toContain('usage not written yet');
    expect((await admin('/keys')).status).toBe(503);

    await postgres.start();
    const expected = 1 + during.length;
    let requests = 0;
    const deadline = Date.now() + 15_000;
    while (requests < expected && Date.now() < deadline) {
      await sleep(300);
      const response = await admin('/usage?group_by=key').catch(() => undefined);
      if (response?.status !== 200) continue;
      const row = ((await response.json()) as Envelope).data.rows?.find((r) => r.key_id === id);
      requests = Number(row?.requests ?? 0);
    }
    expect(requests).toBe(expected);
    const own = (await (await gateway.request('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json()) as Envelope;
    // gpt-4o: 10 + 10 tokens at $2.50 / $10 per million.
    expect(own.data.spend_usd).toBeCloseTo(expected * 0.000125, 9);
    expect(gateway.exited()).toBeUndefined();
  }, 60_000);

  it('writes the buffered usage on a graceful shutdown', async () => {
    const created = (await (await admin('/keys', { name: 'until-shutdown' })).json()) as Envelope;
    const second = await startGateway({ ...simulatorEnv(upstream.url), DATABASE_URL: postgres.url, USAGE_FLUSH_MS: '600000' });
    for (let n = 0; n < 3; n += 1) {
      const response = await second.request('/v1/complete', { json: { model: 'gpt-4o', prompt: 'hi' }, headers: { authorization: `Bearer ${created.data.key as string}` } });
      expect(response.status).toBe(200);
    }
    await second.close();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from usage where key_id = $1', [created.data.id]);
      expect(Number(rows[0]!.n)).toBe(3);
    } finally {
      await client.end();
    }
  }, 60_000);
});
