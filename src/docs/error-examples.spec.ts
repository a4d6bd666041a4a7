import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { describeErrors, errorExamples, exampleAnswer, type ExampleFacts } from './error-examples.js';

const FACTS: ExampleFacts = {
  maxBodyBytes: 2048,
  rateLimit: { defaults: { burst: 5, perMinute: 100 }, burstWindowMs: 1000, windowMs: 60_000 },
  requestTimeoutMs: 750,
  callable: 'OpenAI',
  unavailable: { id: 'claude', credential: 'ANTHROPIC_API_KEY' },
};

describe('errorExamples: the documented errors, from the code that produces the real ones', () => {
  const examples = errorExamples(FACTS);

  it('answers each status in the envelope with its own status, a type and the running limits', () => {
    for (const [status, list] of Object.entries(examples)) {
      for (const example of list) {
        const { body } = exampleAnswer(example);
        expect(body).toMatchObject({ success: false, error: { code: Number(status), request_id: 'req_4f1c2b9e' } });
        expect(body.error.type).not.toBe('internal_error');
      }
    }
    const message = (status: number): string => exampleAnswer(examples[status]![0]!).body.error.message;
    expect(message(413)).toContain('at most 2048 bytes');
    expect(message(429)).toBe('Rate limit exceeded for this API key: 5 requests per 1 s (burst limit). Retry after 1 s.');
    expect(message(504)).toBe("The upstream did not answer within the gateway's 750 ms deadline.");
    expect(message(503)).toContain("'claude'");
    expect(exampleAnswer(examples[400]![0]!).body.error.param).toBe('model');
    expect(exampleAnswer(examples[429]![0]!).headers['Retry-After']).toBe('1');
  });

  it('leaves out 502 and 503 when the configuration has no model to name', () => {
    const { callable: _c, unavailable: _u, ...bare } = FACTS;
    expect(Object.keys(errorExamples(bare))).not.toEqual(expect.arrayContaining(['502', '503']));
  });

  it('fills the examples and headers of the documented error responses only', () => {
    const envelope = { schema: { $ref: '#/components/schemas/ErrorEnvelope' } };
    const document = {
      paths: { '/x': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: {} } } }, 429: { description: 'limited', content: { 'application/json': envelope } } } } } },
    } as unknown as OpenAPIObject;
    const responses = describeErrors(document, examples).paths['/x']!.get!.responses as Record<string, { content: Record<string, { examples?: Record<string, unknown> }>; headers?: Record<string, unknown> }>;
    expect(Object.keys(responses['429']!.content['application/json']!.examples ?? {})).toEqual(['burst_limit']);
    expect(responses['429']!.headers).toHaveProperty('Retry-After', { schema: { type: 'string' }, example: '1' });
    expect(responses['200']!.content['application/json']!.examples).toBeUndefined();
  });
});
