import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest, ClientIdentity } from '../auth/authenticated-request.js';
import { ClientAbortSignal } from '../completions/client-abort-signal.js';
import { ATTEMPTS_HEADER } from '../completions/resilience/call-errors.js';
import { SseResponder } from '../completions/streaming/sse-responder.js';
import { factsOf } from '../observability/request-facts.js';
import { ApiAnthropicErrors } from './anthropic-api-responses.js';
import { AnthropicCompatService } from './anthropic-compat.service.js';
import { AnthropicMessageDto, AnthropicMessagesRequestDto, AnthropicModelDto, AnthropicModelListDto, AnthropicTokenCountDto } from './dto/anthropic-messages.dto.js';
import { ReservesBudget } from '../rate-limit/reserves-budget.js';

export const ANTHROPIC_TAG = 'Anthropic';

/** Client headers the pass-through may forward to Anthropic (anthropic.passthrough.ts picks what it sends). */
const FORWARDED = ['anthropic-version', 'anthropic-beta'] as const;

const STREAM_EXAMPLE = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"gpt-4o","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":9,"output_tokens":1}}',
  'event: message_stop\ndata: {"type":"message_stop"}',
].join('\n\n');

/** Anthropic's Messages API for every model of the gateway (docs/anthropic-compatible.md). */
@ApiTags(ANTHROPIC_TAG)
@ApiBearerAuth()
@ApiSecurity('x-api-key')
@Controller('anthropic/v1')
export class AnthropicMessagesController {
  constructor(
    private readonly anthropic: AnthropicCompatService,
    private readonly sse: SseResponder,
  ) {}

  @ReservesBudget()
  @Post('messages')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'anthropicCreateMessage',
    summary: "Anthropic's Messages API, for any model of the gateway (OpenAI ones included).",
    description: 'Anthropic models get the request as sent (only `model` mapped); others a translation (a field it cannot carry is a 400 naming it). Same keys, rate limits, budgets, retries and fallbacks as every route. `stream: true` answers `text/event-stream` with Anthropic\'s events.',
  })
  @ApiBody({ type: AnthropicMessagesRequestDto })
  // Referenced from a content map, which Swagger does not follow on its own.
  @ApiExtraModels(AnthropicMessageDto)
  @ApiResponse({
    status: 200,
    description: "Anthropic's Message; with `stream: true` its events, an `error` event for a failure after the start.",
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AnthropicMessageDto) } },
      'text/event-stream': { schema: { type: 'string' }, example: STREAM_EXAMPLE },
    },
  })
  @ApiAnthropicErrors(400, 401, 403, 404, 413, 429, 502, 503, 504)
  async create(
    @Body() body: unknown,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown> | StreamableFile> {
    const facts = factsOf(reply.request);
    const call = this.anthropic.prepare(body, forwardedHeaders(reply.request), facts);
    if (call.stream) {
      const { stream, encoder } = await this.anthropic.stream(call, clientGone, facts, clientOf(reply));
      return this.sse.respond(reply, stream, encoder);
    }
    const served = await this.anthropic.message(call, clientGone, facts, clientOf(reply));
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }

  @Post('messages/count_tokens')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'anthropicCountTokens',
    summary: "The input tokens of a Messages request: Anthropic's own count for Anthropic models, an estimate for others.",
    description: 'The body of POST /anthropic/v1/messages without `max_tokens`. For non-Anthropic models the count is an estimate (about four characters a token, images at a fixed cost; docs/anthropic-compatible.md). Nothing is billed.',
  })
  @ApiBody({ type: AnthropicMessagesRequestDto })
  @ApiOkResponse({ type: AnthropicTokenCountDto })
  @ApiAnthropicErrors(400, 401, 403, 404, 429, 502, 503)
  countTokens(@Body() body: unknown, @ClientAbortSignal() clientGone: AbortSignal, @Req() request: AuthenticatedRequest): Promise<Record<string, unknown>> {
    return this.anthropic.countTokens(body, forwardedHeaders(request), clientGone, factsOf(request), request.client);
  }

  @Get('models')
  @ApiOperation({ operationId: 'anthropicListModels', summary: "The models this key may use, in Anthropic's list shape." })
  @ApiOkResponse({ type: AnthropicModelListDto })
  @ApiAnthropicErrors(401, 429)
  list(@Req() request: AuthenticatedRequest): Record<string, unknown> {
    return this.anthropic.list(request.client);
  }

  @Get('models/:id')
  @ApiOperation({ operationId: 'anthropicRetrieveModel', summary: 'One model; 404 `not_found_error` for an unknown id or one the key may not use.' })
  @ApiParam({ name: 'id', example: 'claude' })
  @ApiOkResponse({ type: AnthropicModelDto })
  @ApiAnthropicErrors(401, 404, 429)
  retrieve(@Param('id') id: string, @Req() request: AuthenticatedRequest): Record<string, unknown> {
    return this.anthropic.retrieve(id, request.client);
  }
}

function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The caller's key, as the admission hook identified it (a managed key's policy applies). */
function clientOf(reply: FastifyReply): ClientIdentity | undefined {
  return (reply.request as AuthenticatedRequest).client;
}
