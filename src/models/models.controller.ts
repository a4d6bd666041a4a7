import { Controller, Get, Headers, HttpStatus, Optional, Req, Res } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { KeyPolicy } from '../teams/key-policy.service.js';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../docs/api-responses.js';
import { success, type SuccessEnvelope } from '../common/envelope.js';
import { ModelListDto } from './dto/model-info.dto.js';
import { etagMatches } from './etag.js';
import { listingEtag, ModelsService } from './models.service.js';

/** Clients are told to cache the list (seed §7); it is per key, so only private caches may keep it. */
const CACHE_CONTROL = 'private, max-age=300';

@ApiTags('models')
@ApiBearerAuth()
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    @Optional() private readonly policy?: KeyPolicy,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listModels', summary: 'List the supported models (the `list_models` tool).' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'ETag of a cached list: a match answers 304.' })
  @ApiEnvelopeResponse(ModelListDto, 'The model list. Carries `ETag` and `Cache-Control`; 304 when `If-None-Match` matches.')
  @ApiErrorResponses(401, 429)
  list(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() request: AuthenticatedRequest,
  ): SuccessEnvelope<ModelListDto> | undefined {
    // A managed key restricted to some models sees only those (docs/teams.md), under that list's own ETag.
    const restricted = request.client?.managed?.models ? this.policy : undefined;
    const listing = restricted ? { models: restricted.visibleModels(request.client, this.models.list().models) } : this.models.list();
    const etag = restricted ? listingEtag(listing) : this.models.etag;
    void reply.header('ETag', etag).header('Cache-Control', CACHE_CONTROL);
    if (etagMatches(ifNoneMatch, etag)) {
      void reply.status(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    return success(listing);
  }
}
