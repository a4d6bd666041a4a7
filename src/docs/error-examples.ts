import { getSchemaPath, type OpenAPIObject, type ResponseObject } from '@nestjs/swagger';
import { invalidKey, missingKey } from '../auth/bearer-token.js';
import { bodyTooLarge, errorResponse, unsupportedMediaType } from '../common/error-response.js';
import type { ErrorEnvelope } from '../common/envelope.js';
import { validateBody } from '../common/validate-body.js';
import { CompleteRequestDto } from '../completions/dto/complete-request.dto.js';
import { deadlineExceeded } from '../completions/resilience/call-errors.js';
import { modelUnavailable } from '../providers/providers.service.js';
import { mapUpstreamFailure } from '../providers/upstream-errors.js';
import { ErrorEnvelopeDto } from './envelope.dto.js';
import { BURST, PER_MINUTE, type RateLimitSettings } from '../rate-limit/rate-limit-config.js';
import { decide, rateLimitError } from '../rate-limit/rate-limit-decision.js';

/** What the examples need to know of the gateway that serves the document: its limits and one of its models. */
export interface ExampleFacts {
  maxBodyBytes: number;
  rateLimit: Pick<RateLimitSettings, 'defaults' | 'windowMs' | 'burstWindowMs'>;
  requestTimeoutMs: number;
  /** The provider label of a model the gateway can call (the 502 names it). */
  callable?: string;
  /** A model the gateway cannot call, or any model, and the variable its credential is read from (the 503). */
  unavailable?: { id: string; credential: string };
}

/** One documented answer: what a client did, and the error the gateway's own code produces for it. */
export interface ErrorExample {
  name: string;
  summary: string;
  error: unknown;
}

export const EXAMPLE_REQUEST_ID = 'req_4f1c2b9e';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('the example action did not fail');
}

/** The key's burst window is full: the refusal the limiter decides, with its Retry-After. */
function burstRefusal(settings: ExampleFacts['rateLimit']): unknown {
  const burst = { name: BURST, windowMs: settings.burstWindowMs, limit: settings.defaults.burst };
  const perMinute = { name: PER_MINUTE, windowMs: settings.windowMs, limit: settings.defaults.perMinute };
  const used = Math.min(burst.limit, perMinute.limit);
  return rateLimitError(decide([burst, perMinute], {
    allowed: false,
    windows: [{ count: used, freeInMs: burst.windowMs }, { count: used, freeInMs: perMinute.windowMs }],
  }));
}

/**
 * The documented error answers, by status, each produced by calling the code that produces the real one (the
 * validator, the key check, the limiter, the upstream mapping, the deadline) with representative inputs.
 */
export function errorExamples(facts: ExampleFacts): Record<number, ErrorExample[]> {
  const examples: Record<number, ErrorExample[]> = {
    400: [{ name: 'missing_field', summary: 'A required field is missing', error: thrownBy(() => validateBody(CompleteRequestDto, { prompt: 'Hi' })) }],
    401: [
      { name: 'invalid_key', summary: 'The key matches none of the gateway keys', error: invalidKey() },
      { name: 'missing_key', summary: 'No Authorization header', error: missingKey() },
    ],
    413: [{ name: 'body_too_large', summary: 'The body is over MAX_BODY_BYTES', error: bodyTooLarge(facts.maxBodyBytes) }],
    415: [{ name: 'not_json', summary: 'A body that is not application/json', error: unsupportedMediaType() }],
    429: [{ name: 'burst_limit', summary: "The key's burst window is full", error: burstRefusal(facts.rateLimit) }],
    504: [{ name: 'deadline', summary: 'REQUEST_TIMEOUT_MS passed', error: deadlineExceeded(facts.requestTimeoutMs) }],
  };
  if (facts.callable !== undefined) {
    const error = mapUpstreamFailure({ provider: facts.callable, status: 500 });
    examples[502] = [{ name: 'upstream_failed', summary: 'The provider answered 500', error }];
  }
  if (facts.unavailable) {
    const error = modelUnavailable(facts.unavailable.id, facts.unavailable.credential);
    examples[503] = [{ name: 'model_unavailable', summary: 'The provider has no credentials', error }];
  }
  return examples;
}

/** The envelope and headers the gateway sends for an example (the same errorResponse the exception filter uses). */
export function exampleAnswer(example: ErrorExample): { body: ErrorEnvelope; headers: Record<string, string> } {
  const { body, headers } = errorResponse(example.error, EXAMPLE_REQUEST_ID);
  return { body, headers };
}

/**
 * Fills the example bodies (and the headers they come with) of every documented error response from
 * errorExamples, so the document shows what this gateway, with its configuration, answers.
 */
export function describeErrors(document: OpenAPIObject, examples: Record<number, ErrorExample[]>): OpenAPIObject {
  const envelopeRef = JSON.stringify(getSchemaPath(ErrorEnvelopeDto));
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const responses = (operation as { responses?: Record<string, ResponseObject> }).responses ?? {};
      for (const [status, response] of Object.entries(responses)) {
        const media = response.content?.['application/json'];
        const list = examples[Number(status)];
        if (!media || !list || !JSON.stringify(media.schema ?? {}).includes(envelopeRef)) continue;
        const answers = list.map((example) => ({ example, ...exampleAnswer(example) }));
        media.examples = Object.fromEntries(answers.map(({ example, body }) => [example.name, { summary: example.summary, value: body }]));
        const headers = Object.assign({}, ...answers.map((answer) => answer.headers)) as Record<string, string>;
        response.headers = Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, { schema: { type: 'string' }, example: value }]),
        );
      }
    }
  }
  return document;
}
