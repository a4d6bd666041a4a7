import { Body, Controller, HttpCode, Post, Req, Res, StreamableFile } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { success, type SuccessEnvelope } from '../common/envelope.js';
import { ApiErrorResponses } from '../docs/api-responses.js';
import { factsOf } from '../observability/request-facts.js';
import { ATTEMPTS_HEADER } from './resilience/call-errors.js';
import { ClientAbortSignal } from './client-abort-signal.js';
import { CompleteRequestDto } from './dto/complete-request.dto.js';
import { CompleteResponseDto } from './dto/complete-response.dto.js';
import { CompletionsService } from './completions.service.js';
import { completeSseEncoder } from './streaming/complete-sse.js';
import { SseResponder } from './streaming/sse-responder.js';
import { ApiEnvelopeOrStreamResponse } from './streaming/stream-docs.js';
import { ReservesBudget } from '../rate-limit/reserves-budget.js';
import { BodyValidationPipe } from '../common/body-validation.pipe.js';

@ApiTags('completions')
@ApiBearerAuth()
@Controller('v1/complete')
export class CompletionsController {
  constructor(
    private readonly completions: CompletionsService,
    private readonly sse: SseResponder,
  ) {}

  @ReservesBudget()
  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'complete',
    summary: 'Generate a completion (the `complete` tool).',
    description:
      'Retryable upstream failures are retried with backoff, then the model\'s `fallbacks` are tried; `served_by` '
      + `names the model that answered. The \`${ATTEMPTS_HEADER}\` response header (also on errors) counts the upstream `
      + 'requests made. 504 when the overall deadline passes. `"stream": true` answers an SSE stream; a failure before '
      + 'its first event is answered like any error.',
  })
  @ApiBody({
    type: CompleteRequestDto,
    examples: {
      example: {
        summary: 'Example',
        value: { model: 'gpt-4o', prompt: 'Write a poem about the ocean.', max_tokens: 50, temperature: 0.7, stop: ['\n'] },
      },
      stream: {
        summary: 'Streamed (text/event-stream)',
        value: { model: 'gpt-4o', prompt: 'Write a poem about the ocean.', max_tokens: 50, stream: true },
      },
    },
  })
  @ApiEnvelopeOrStreamResponse(CompleteResponseDto, 'The completion.')
  @ApiErrorResponses(400, 401, 403, 413, 415, 429, 502, 503, 504)
  async complete(
    @Body(BodyValidationPipe) body: CompleteRequestDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuccessEnvelope<CompleteResponseDto> | StreamableFile> {
    const facts = factsOf(request);
    const client = (request as AuthenticatedRequest).client;
    if (body.stream === true) {
      const stream = await this.completions.stream(body, clientGone, undefined, facts, client);
      return this.sse.respond(reply, stream, completeSseEncoder(stream, reply.request.id));
    }
    const { result, attempts } = await this.completions.complete(body, clientGone, undefined, facts, client);
    void reply.header(ATTEMPTS_HEADER, String(attempts));
    return success(result);
  }
}
