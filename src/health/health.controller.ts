import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { success, type SuccessEnvelope } from '../common/envelope.js';
import { ApiEnvelopeResponse } from '../docs/api-responses.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { HealthDto } from './dto/health.dto.js';

/**
 * Liveness for load balancers and Compose, without a key (so probes neither need one nor count as failed
 * authentications), and the rate-limit store's counters: the metric of a fail-open outage.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly rateLimits: RateLimitService) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'health', summary: 'Liveness and the rate-limit store state; needs no key.' })
  @ApiEnvelopeResponse(HealthDto, 'The gateway is up; `degraded` while the rate-limit store is unreachable.')
  health(): SuccessEnvelope<HealthDto> {
    const stats = this.rateLimits.stats();
    return success({
      status: stats.storeDown ? 'degraded' : 'ok',
      uptime_seconds: Math.round(process.uptime()),
      rate_limit: {
        store: stats.store,
        fail_mode: stats.failMode,
        store_down: stats.storeDown,
        store_failures: stats.storeFailures,
        admitted_unchecked: stats.admittedUnchecked,
        refused_unavailable: stats.refusedUnavailable,
        outages: stats.outages,
      },
    });
  }
}
