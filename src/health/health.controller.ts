import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ApiError } from '../common/api-error.js';
import { success, type SuccessEnvelope } from '../common/envelope.js';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../docs/api-responses.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { HealthDto } from './dto/health.dto.js';
import { ProviderProbesDto } from './dto/provider-probe.dto.js';
import { LiveDto, ReadyDto } from './dto/readiness.dto.js';
import { ProviderProbesService, type ProbeReport } from './provider-probes.service.js';
import { ReadinessService } from './readiness.service.js';

/**
 * Liveness and readiness for load balancers, Compose and Kubernetes, without a key (so probes neither need one
 * nor count as failed authentications); upstream probes for operators, with a key (docs/health.md).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly rateLimits: RateLimitService,
    private readonly readiness: ReadinessService,
    private readonly probes: ProviderProbesService,
  ) {}

  /** Kept for existing probes: liveness plus the rate-limit store's counters (the metric of a fail-open outage). */
  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'health', summary: 'Liveness (as /health/live) and the rate-limit store state; needs no key.' })
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

  @Get('live')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'healthLive', summary: 'Liveness: the process is up. Needs no key; checks nothing else.' })
  @ApiEnvelopeResponse(LiveDto, 'The process is up.')
  live(): SuccessEnvelope<LiveDto> {
    return success({ status: 'ok', uptime_seconds: Math.round(process.uptime()) });
  }

  @Get('ready')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'healthReady',
    summary: 'Readiness: config loaded, Redis reachable (when configured), a provider has credentials, not shutting down. Needs no key.',
  })
  @ApiEnvelopeResponse(ReadyDto, 'Ready to take traffic.')
  @ApiResponse({ status: 503, description: 'Not ready; the error message names each failing check.' })
  async ready(): Promise<SuccessEnvelope<ReadyDto>> {
    const checks = await this.readiness.checks();
    const failing = checks.filter((check) => !check.ok);
    if (failing.length > 0) {
      const reasons = failing.map((check) => `${check.name}: ${check.detail}`).join('; ');
      throw new ApiError(503, `Not ready: ${reasons}.`, 'service_unavailable', null, { 'Cache-Control': 'no-store' });
    }
    return success({ status: 'ready', checks });
  }

  @Get('providers')
  @ApiBearerAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'healthProviders',
    summary: "Probes each configured upstream's model listing: reachable, HTTP status, latency. Needs a key; cached for 30 s.",
  })
  @ApiEnvelopeResponse(ProviderProbesDto, 'One entry per upstream; never a key.')
  @ApiErrorResponses(401, 429)
  async providers(): Promise<SuccessEnvelope<ProbeReport>> {
    return success(await this.probes.report());
  }
}
