import { Controller, Get, Header, Inject, Optional, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { ApiErrorResponses } from '../docs/api-responses.js';
import { RateLimitService, rateLimitError } from '../rate-limit/rate-limit.service.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { METRICS_SECURITY } from './metrics-security.js';
import { MetricsToken } from './metrics-token.js';

/**
 * Prometheus scrape endpoint. Not a client route: no client key (@Public, so no rate limit either); when
 * METRICS_TOKEN is set, that token as a Bearer token instead, wrong ones counted as failed authentications
 * (docs/observability.md).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly token: MetricsToken;

  constructor(
    private readonly metrics: GatewayMetrics,
    @Inject(CONFIG) config: GatewayConfig,
    @Optional() private readonly rateLimits?: RateLimitService,
  ) {
    this.token = new MetricsToken(config.observability.metricsToken);
  }

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth(METRICS_SECURITY)
  @ApiOperation({
    operationId: 'metrics',
    summary: 'Prometheus metrics (text format); needs no client key, but METRICS_TOKEN as a Bearer token when set.',
  })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'The metrics in Prometheus text exposition format 0.0.4.', schema: { type: 'string' } })
  @ApiErrorResponses(401)
  async scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const refusal = this.token.refusal(request.headers.authorization);
    if (refusal) {
      // A wrong token is a failed authentication like a wrong client key: 429 past AUTH_FAILURE_LIMIT.
      const limit = await this.rateLimits?.authFailure(request.ip, request.headers.authorization !== undefined);
      if (limit && !limit.allowed) throw rateLimitError(limit);
      throw refusal;
    }
    const { contentType, body } = await this.metrics.exposition();
    void reply.type(contentType);
    return body;
  }
}
