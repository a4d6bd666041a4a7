import { Controller, HttpCode, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest, ClientIdentity } from '../auth/authenticated-request.js';
import { ClientAbortSignal } from '../completions/client-abort-signal.js';
import { ATTEMPTS_HEADER } from '../completions/resilience/call-errors.js';
import { SseResponder } from '../completions/streaming/sse-responder.js';
import { factsOf } from '../observability/request-facts.js';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import { ContentPartDto } from './dto/chat-content-part.dto.js';
import { ChatCompletionResponseDto, TextCompletionResponseDto } from './dto/openai-responses.dto.js';
import { TextCompletionRequestDto } from './dto/text-completion-request.dto.js';
import { ApiOpenAIErrors } from './openai-api-responses.js';
import { ApiOpenAIStreamOr } from './openai-stream.docs.js';
import { OpenAIBody } from './openai-body.decorator.js';
import { OpenAICompatService, type OpenAIStream } from './openai-compat.service.js';
import { ReservesBudget } from '../rate-limit/reserves-budget.js';

export const OPENAI_TAG = 'OpenAI-compatible';

/** Chat Completions and legacy Completions, answered in OpenAI's shapes (docs/openai-compatible.md). */
@ApiTags(OPENAI_TAG)
@ApiBearerAuth()
@Controller('openai/v1')
export class OpenAIChatController {
  constructor(
    private readonly openai: OpenAICompatService,
    private readonly sse: SseResponder,
  ) {}

  @ReservesBudget()
  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'openaiCreateChatCompletion',
    summary: 'OpenAI Chat Completions, for any model of the gateway (Anthropic ones included).',
    description: 'Same keys, rate limits, retries and fallbacks as POST /v1/complete. Errors in OpenAI\'s shape. `stream: true` answers `text/event-stream` with `chat.completion.chunk`s.',
  })
  // Content parts are referenced from a oneOf, which Swagger does not follow on its own.
  @ApiExtraModels(ContentPartDto)
  @ApiBody({ type: ChatCompletionRequestDto })
  @ApiOpenAIStreamOr(ChatCompletionResponseDto, 'chat')
  @ApiOpenAIErrors(400, 401, 404, 413, 429, 502, 503, 504)
  async chat(
    @OpenAIBody(ChatCompletionRequestDto) body: ChatCompletionRequestDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChatCompletionResponseDto | StreamableFile> {
    if (body.stream === true) return this.streamed(reply, await this.openai.chatStream(body, clientGone, factsOf(reply.request), clientOf(reply)));
    const served = await this.openai.chat(body, clientGone, factsOf(reply.request), clientOf(reply));
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }

  @ReservesBudget()
  @Post('completions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'openaiCreateCompletion',
    summary: 'OpenAI legacy Completions: one text prompt, sent to the model as one user message.',
  })
  @ApiBody({ type: TextCompletionRequestDto })
  @ApiOpenAIStreamOr(TextCompletionResponseDto, 'text')
  @ApiOpenAIErrors(400, 401, 404, 413, 429, 502, 503, 504)
  async complete(
    @OpenAIBody(TextCompletionRequestDto) body: TextCompletionRequestDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TextCompletionResponseDto | StreamableFile> {
    if (body.stream === true) return this.streamed(reply, await this.openai.textStream(body, clientGone, factsOf(reply.request), clientOf(reply)));
    const served = await this.openai.complete(body, clientGone, factsOf(reply.request), clientOf(reply));
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }

  /** 200 text/event-stream with the same headers, keep-alive and disconnect handling as POST /v1/complete's. */
  private streamed(reply: FastifyReply, { stream, encoder }: OpenAIStream): StreamableFile {
    return this.sse.respond(reply, stream, encoder);
  }
}

/** The caller's key, as the admission hook identified it (a managed key's policy applies). */
function clientOf(reply: FastifyReply): ClientIdentity | undefined {
  return (reply.request as AuthenticatedRequest).client;
}
