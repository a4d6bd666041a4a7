import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ClientAbortSignal } from '../completions/client-abort-signal.js';
import { ATTEMPTS_HEADER } from '../completions/resilience/call-errors.js';
import { factsOf } from '../observability/request-facts.js';
import { EmbeddingRequestDto } from './dto/embedding-request.dto.js';
import { EmbeddingResponseDto } from './dto/embedding-response.dto.js';
import { ApiOpenAIErrors } from './openai-api-responses.js';
import { OpenAIBody } from './openai-body.decorator.js';
import { OPENAI_TAG } from './openai-chat.controller.js';
import { OpenAICompatService } from './openai-compat.service.js';
import { ReservesBudget } from '../rate-limit/reserves-budget.js';

/** Embeddings in OpenAI's shapes (docs/embeddings.md), through the same policy path as completions. */
@ApiTags(OPENAI_TAG)
@ApiBearerAuth()
@Controller('openai/v1')
export class OpenAIEmbeddingsController {
  constructor(private readonly openai: OpenAICompatService) {}

  @ReservesBudget()
  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'openaiCreateEmbedding',
    summary: 'OpenAI Embeddings, for models with `mode: embedding` (OpenAI and OpenAI-compatible providers).',
    description: 'Same keys, rate limits, budgets, retries and fallbacks as the chat routes; input tokens are counted as usage. A chat model is a 400 naming it.',
  })
  @ApiBody({ type: EmbeddingRequestDto })
  @ApiOkResponse({ type: EmbeddingResponseDto })
  @ApiOpenAIErrors(400, 401, 404, 413, 429, 502, 503, 504)
  async create(
    @OpenAIBody(EmbeddingRequestDto) body: EmbeddingRequestDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const served = await this.openai.embed(body, clientGone, factsOf(reply.request), (reply.request as AuthenticatedRequest).client);
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }
}
