import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { loadConfig } from '../config/gateway-config.js';
import { parsePrometheusText, valueOf } from '../../test/support/prometheus-text.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { factsOf } from './request-facts.js';
import { LOG_PAYLOAD_MAX_CHARS, RequestLog } from './request-log.js';

/** A request as the log reads it, with a logger writing JSON lines into `lines`. */
function fakeRequest(lines: Record<string, unknown>[], url: string, route: string | undefined): FastifyRequest {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  // The root logger, as Fastify's request.server.log: the line carries the request id itself.
  const log = pino({ base: undefined }, sink);
  return { id: 'req_1', method: 'POST', url, is404: route === undefined, routeOptions: { url: route }, server: { log } } as unknown as FastifyRequest;
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RequestLog', () => {
  it('one line with the facts, and the request in the metrics; without LOG_PAYLOADS no prompt', async () => {
    const config = loadConfig({}, () => ({ digests: [] }));
    const metrics = new GatewayMetrics(config);
    const lines: Record<string, unknown>[] = [];
    const request = fakeRequest(lines, '/v1/complete?x=secret', '/v1/complete');
    const facts = factsOf(request);
    facts.requested('gpt-4o', 'openai', 'the prompt');
    facts.attemptEnded(12.4);
    facts.served('gpt-4o', 3, 4);
    new RequestLog(metrics, config).ended(request, 200, 20.6);
    await flush();
    expect(lines).toEqual([
      {
        level: 30, time: expect.any(Number), request_id: 'req_1', method: 'POST', route: '/v1/complete', path: '/v1/complete', status: 200,
        ms: 21, model: 'gpt-4o', provider: 'openai', served_by: 'gpt-4o', attempts: 1, prompt_tokens: 3, completion_tokens: 4,
        upstream_ms: 12, msg: 'request',
      },
    ]);
    const exposition = parsePrometheusText((await metrics.exposition()).body);
    expect(valueOf(exposition, 'gateway_http_request_duration_seconds_count', { route: '/v1/complete', model: 'gpt-4o', status: '200' })).toBe(1);
  });

  it('a request without facts: the short line; LOG_PAYLOADS cuts the prompt', async () => {
    const config = loadConfig({ LOG_PAYLOADS: 'true' }, () => ({ digests: [] }));
    const log = new RequestLog(new GatewayMetrics(config), config);
    const lines: Record<string, unknown>[] = [];
    log.ended(fakeRequest(lines, '/nowhere', undefined), 404, 1);
    const request = fakeRequest(lines, '/v1/complete', '/v1/complete');
    factsOf(request).requested('gpt-4o', 'openai', 'p'.repeat(LOG_PAYLOAD_MAX_CHARS + 10));
    log.ended(request, 499, 5);
    await flush();
    expect(lines[0]).toMatchObject({ path: '/nowhere', status: 404 });
    expect(Object.keys(lines[0]!)).not.toContain('route');
    expect(lines[1]).toMatchObject({ status: 499, attempts: 0, prompt: `${'p'.repeat(LOG_PAYLOAD_MAX_CHARS)}…` });
  });
});
