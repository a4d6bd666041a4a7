import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ClientAbortSignal } from '../completions/client-abort-signal.js';
import { ATTEMPTS_HEADER } from '../completions/resilience/call-errors.js';
import { factsOf } from '../observability/request-facts.js';
import { ChatCompletionRequestDto } from './dto/chat-completion-request.dto.js';
import { TextContentPartDto } from './dto/chat-message.dto.js';
import { ChatCompletionResponseDto, TextCompletionResponseDto } from './dto/openai-responses.dto.js';
import { TextCompletionRequestDto } from './dto/text-completion-request.dto.js';
import { ApiOpenAIErrors } from './openai-api-responses.js';
import { OpenAIBody } from './openai-body.decorator.js';
import { OpenAICompatService } from './openai-compat.service.js';

export const OPENAI_TAG = 'OpenAI-compatible';

/** Chat Completions and legacy Completions, answered in OpenAI's shapes (docs/openai-compatible.md). */
@ApiTags(OPENAI_TAG)
@ApiBearerAuth()
@Controller('openai/v1')
export class OpenAIChatController {
  constructor(private readonly openai: OpenAICompatService) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'openaiCreateChatCompletion',
    summary: 'OpenAI Chat Completions, for any model of the gateway (Anthropic ones included).',
    description: 'Same keys, rate limits, retries and fallbacks as POST /v1/complete. Errors in OpenAI\'s shape. `stream: true` is refused for now.',
  })
  // Content parts are referenced from a oneOf, which Swagger does not follow on its own.
  @ApiExtraModels(TextContentPartDto)
  @ApiBody({ type: ChatCompletionRequestDto })
  @ApiOkResponse({ type: ChatCompletionResponseDto, description: "OpenAI's CreateChatCompletionResponse." })
  @ApiOpenAIErrors(400, 401, 404, 413, 429, 502, 503, 504)
  async chat(
    @OpenAIBody(ChatCompletionRequestDto) body: ChatCompletionRequestDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChatCompletionResponseDto> {
    const served = await this.openai.chat(body, clientGone, factsOf(reply.request), (reply.request as AuthenticatedRequest).client);
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }

  @Post('completions')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'openaiCreateCompletion',
    summary: 'OpenAI legacy Completions: one text prompt, sent to the model as one user message.',
  })
  @ApiBody({ type: TextCompletionRequestDto })
  @ApiOkResponse({ type: TextCompletionResponseDto, description: "OpenAI's CreateCompletionResponse." })
  @ApiOpenAIErrors(400, 401, 404, 413, 429, 502, 503, 504)
  async complete(
    @OpenAIBody(TextCompletionRequestDto) body: TextCompletionRequestDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TextCompletionResponseDto> {
    const served = await this.openai.complete(body, clientGone, factsOf(reply.request), (reply.request as AuthenticatedRequest).client);
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }
}
