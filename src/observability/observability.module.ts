import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { RateLimitMetrics } from './rate-limit-metrics.js';
import { RequestLog } from './request-log.js';

/** GET /metrics and the request log line; global, so the resilience policy records into the same metrics. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [GatewayMetrics, RateLimitMetrics, RequestLog],
  exports: [GatewayMetrics, RequestLog],
})
export class ObservabilityModule {}
