import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest, ClientIdentity } from '../auth/authenticated-request.js';
import { ClientAbortSignal } from '../completions/client-abort-signal.js';
import { ATTEMPTS_HEADER } from '../completions/resilience/call-errors.js';
import { SseResponder } from '../completions/streaming/sse-responder.js';
import { factsOf } from '../observability/request-facts.js';
import { ApiOpenAIErrors } from '../openai-compat/openai-api-responses.js';
import { OpenAIBody } from '../openai-compat/openai-body.decorator.js';
import { OPENAI_TAG } from '../openai-compat/openai-chat.controller.js';
import { DatabaseErrors } from '../teams/database-errors.interceptor.js';
import { CreateResponseDto } from './dto/create-response.dto.js';
import { DeletedResponseDto, ResponseObjectDto } from './dto/response-object.dto.js';
import type { ResponseObject } from './response-object.js';
import { ResponsesService, type DeletedResponse } from './responses.service.js';
import { ReservesBudget } from '../rate-limit/reserves-budget.js';

const RESPONSE_DOC = "OpenAI's `Response` object: `output` items (`message` with `output_text` parts, `function_call`), `status`, `usage`, the request's settings.";
const STREAM_DOC = ' With `stream: true`: `text/event-stream` of OpenAI\'s response events (`response.created`, `response.in_progress`, '
  + '`response.output_item.added`, `response.content_part.added`, `response.output_text.delta`/`.done`, '
  + '`response.function_call_arguments.delta`/`.done`, `response.output_item.done`, `response.completed`), each with '
  + '`sequence_number`; a failure after the start ends with `response.failed` and an `error` event.';

/** The Responses API (docs/responses.md): a thin encoder over ResponsesService. */
@ApiTags(OPENAI_TAG)
@ApiBearerAuth()
@Controller('openai/v1/responses')
// The PostgreSQL store away is a 503 saying so, as on every route that reads the database (never a 500).
@UseInterceptors(DatabaseErrors)
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly sse: SseResponder,
  ) {}

  @ReservesBudget()
  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'openaiCreateResponse',
    summary: 'OpenAI Responses API, for any model of the gateway (served over its chat call).',
    description: 'Same keys, rate limits, budgets, retries and fallbacks as the other surfaces. Built-in tools and `background` are refused (400).',
  })
  @ApiBody({ type: CreateResponseDto })
  @ApiExtraModels(ResponseObjectDto)
  @ApiResponse({ status: 200, description: RESPONSE_DOC + STREAM_DOC, content: { 'application/json': { schema: { $ref: getSchemaPath(ResponseObjectDto) } }, 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiOpenAIErrors(400, 401, 404, 413, 429, 502, 503, 504)
  async create(
    @OpenAIBody(CreateResponseDto) body: CreateResponseDto,
    @ClientAbortSignal() clientGone: AbortSignal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResponseObject | StreamableFile> {
    const client = clientOf(reply);
    if (body.stream === true) {
      const { stream, encoder } = await this.responses.stream(body, clientGone, factsOf(reply.request), client);
      return this.sse.respond(reply, stream, encoder);
    }
    const served = await this.responses.create(body, clientGone, factsOf(reply.request), client);
    void reply.header(ATTEMPTS_HEADER, String(served.attempts));
    return served.body;
  }

  @Get(':id')
  @ApiOperation({ operationId: 'openaiGetResponse', summary: 'A stored response of this key (404 for any other id).' })
  @ApiParam({ name: 'id', example: 'resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41' })
  @ApiOkResponse({ type: ResponseObjectDto, description: RESPONSE_DOC })
  @ApiOpenAIErrors(400, 401, 404, 429)
  retrieve(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ResponseObject> {
    return this.responses.retrieve(id, request.client);
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'openaiDeleteResponse', summary: 'Deletes a stored response of this key.' })
  @ApiParam({ name: 'id', example: 'resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41' })
  @ApiOkResponse({ type: DeletedResponseDto })
  @ApiOpenAIErrors(400, 401, 404, 429)
  remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<DeletedResponse> {
    return this.responses.remove(id, request.client);
  }
}

function clientOf(reply: FastifyReply): ClientIdentity | undefined {
  return (reply.request as AuthenticatedRequest).client;
}
