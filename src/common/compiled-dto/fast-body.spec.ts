import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { CompleteRequestDto } from '../../completions/dto/complete-request.dto.js';
import { ChatCompletionRequestDto } from '../../openai-compat/dto/chat-completion-request.dto.js';
import { ContentPartDto } from '../../openai-compat/dto/chat-content-part.dto.js';
import { TextCompletionRequestDto } from '../../openai-compat/dto/text-completion-request.dto.js';
import { CreateKeyDto } from '../../teams/admin/dto/key.dto.js';
import { CreateTeamDto } from '../../teams/admin/dto/team.dto.js';
import { fastBody } from './fast-body.js';

type Dto = new () => object;

/** What the gateway did before: class-transformer's instance and whether class-validator found nothing wrong. */
function slow(dto: Dto, body: Record<string, unknown>): { instance: object; valid: boolean } {
  const instance = plainToInstance(dto, body, { enableImplicitConversion: false });
  return { instance, valid: validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0 };
}

/** Deep equality that also compares every object's class and own keys in order (toStrictEqual ignores key order). */
function sameShape(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  if (keys.join('\u0000') !== Object.keys(b).join('\u0000')) return false;
  return keys.every((key) => sameShape((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Keys class-transformer skips silently: the fast path leaves bodies holding them to the slow path. */
const holdsReservedKey = (body: object): boolean => /"(toString|constructor)":/.test(JSON.stringify(body));

/**
 * Agreement on one body: the fast path accepts only what the slow path accepts, builds the same instance, and
 * (reserved key names aside) accepts everything the slow path accepts.
 */
function agrees(dto: Dto, generated: Record<string, unknown>): boolean {
  // Bodies arrive from a JSON parser: plain prototypes, no undefined.
  const body = JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
  const fast = fastBody(dto as new () => object, body);
  const before = slow(dto, body);
  if (fast === undefined) return !before.valid || holdsReservedKey(body);
  return before.valid && sameShape(fast, before.instance);
}

const anyJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anyJson });
const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constant(''));
const count = fc.oneof(fc.integer({ min: -2, max: 300 }), fc.double({ min: -1, max: 3, noNaN: true }), fc.constant(null));
const stop = fc.oneof(text, fc.array(text, { maxLength: 5 }), fc.constant(null));
const extra = fc.dictionary(fc.constantFrom('extra', 'toString', 'constructor', 'role', 'type'), anyJson, { maxKeys: 1 });

const part = fc.record({ type: sometimes(fc.constantFrom('text', 'image_url')), text: sometimes(text) }, { requiredKeys: [] });
const message = fc.tuple(
  fc.record({ role: sometimes(fc.constantFrom('user', 'system', 'assistant', 'developer', 'tool')), content: sometimes(fc.oneof(text, fc.array(part, { maxLength: 3 }))), name: sometimes(text) }, { requiredKeys: ['role', 'content'] }),
  fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra }),
).map(([m, e]) => ({ ...m, ...e }));

const common = {
  model: sometimes(fc.constantFrom('gpt-4o', 'claude', '')),
  max_tokens: sometimes(count),
  temperature: sometimes(count),
  top_p: sometimes(count),
  n: sometimes(count),
  stop: sometimes(stop),
  user: sometimes(text),
  stream: sometimes(fc.boolean()),
  stream_options: sometimes(fc.record({ include_usage: fc.boolean() }, { requiredKeys: [] })),
  presence_penalty: sometimes(fc.constantFrom(0, 1, null)),
  logprobs: sometimes(fc.constantFrom(false, true, 0, null)),
  tools: sometimes(fc.constantFrom(null, [])),
};
const withExtra = <T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(arb, fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra })).map(([b, e]) => ({ ...b, ...e }));

const chatBody = withExtra(fc.record({ ...common, messages: sometimes(fc.array(message, { maxLength: 3 })) }, { requiredKeys: ['model', 'messages'] }));
const textBody = withExtra(fc.record({ ...common, prompt: sometimes(fc.oneof(text, fc.array(text, { maxLength: 2 }))), echo: sometimes(fc.boolean()) }, { requiredKeys: ['model', 'prompt'] }));
const completeBody = withExtra(fc.record({ ...common, prompt: sometimes(text) }, { requiredKeys: ['model', 'prompt'] }));

const adminBody = fc.record(
  {
    name: sometimes(text),
    team_id: sometimes(text),
    models: sometimes(fc.array(text, { maxLength: 2 })),
    rate_limit: sometimes(fc.record({ per_minute: count, burst: count }, { requiredKeys: [] })),
    budget: sometimes(fc.record({ max_usd: count, period: fc.constantFrom('day', 'month', 'week') }, { requiredKeys: [] })),
    expires_at: sometimes(fc.constantFrom('2030-01-01T00:00:00Z', 'soon')),
    metadata: sometimes(fc.dictionary(fc.constantFrom('a', 'toString'), anyJson, { maxKeys: 2 })),
  },
  { requiredKeys: [] },
);

describe('fastBody', () => {
  it.each([
    ['ChatCompletionRequest', ChatCompletionRequestDto, chatBody],
    ['CreateCompletionRequest', TextCompletionRequestDto, textBody],
    ['CompleteRequest', CompleteRequestDto, completeBody],
  ] as const)('%s: accepts only bodies class-validator accepts, as the same instance class-transformer builds', (_name, dto, bodies) => {
    fc.assert(fc.property(bodies, (body) => agrees(dto, body)), { numRuns: 1500 });
  });

  it('accepts the valid bodies the gateway sees most, nested instances included', () => {
    const chat = fastBody(ChatCompletionRequestDto, {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: 'yo' }],
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chat).toBeInstanceOf(ChatCompletionRequestDto);
    expect((chat as ChatCompletionRequestDto).messages[0]!.content![0]).toBeInstanceOf(ContentPartDto);
    expect(sameShape(chat, slow(ChatCompletionRequestDto, { ...(chat as object) }).instance)).toBe(true);
    expect(fastBody(CompleteRequestDto, { model: 'gpt-4o', prompt: 'hi', stop: ['\n'] })).toBeInstanceOf(CompleteRequestDto);
    expect(fastBody(TextCompletionRequestDto, { model: 'gpt-4o', prompt: ['hi'] })).toBeInstanceOf(TextCompletionRequestDto);
  });

  it('leaves every invalid body to the slow path, which words the 400', () => {
    expect(fastBody(CompleteRequestDto, { model: 'gpt-4o', prompt: '' })).toBeUndefined();
    expect(fastBody(CompleteRequestDto, { model: 'gpt-4o', prompt: 'x', extra: 1 })).toBeUndefined();
    expect(fastBody(ChatCompletionRequestDto, { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url' }] }] })).toBeUndefined();
    expect(fastBody(ChatCompletionRequestDto, { model: 'gpt-4o', messages: ['hi'] })).toBeUndefined();
  });

  it('compiles the admin DTOs too, agreeing with class-validator on their bodies', () => {
    fc.assert(
      fc.property(adminBody, (body) => agrees(CreateKeyDto, body) && agrees(CreateTeamDto, body)),
      { numRuns: 1000 },
    );
  });
});
