import { Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { GatewayMetrics } from '../observability/gateway-metrics.js';
import { UsageRecorder } from './usage-recorder.service.js';

/**
 * The usage buffer on GET /metrics: rows waiting to be written, rows dropped because the buffer was full while
 * the database was away (USAGE_BUFFER_MAX), and rows the database refused (parked). Read when Prometheus scrapes, so they cost nothing per request.
 */
@Injectable()
export class UsageMetrics {
  constructor(recorder: UsageRecorder, @Optional() metrics?: GatewayMetrics) {
    if (!metrics) return;
    const registers = [metrics.registry];
    new Gauge({
      name: 'gateway_usage_rows_buffered',
      help: 'Usage rows waiting to be written to the database (managed keys).',
      registers,
      collect() {
        this.set(recorder.stats().buffered);
      },
    });
    new Counter({
      name: 'gateway_usage_rows_dropped_total',
      help: 'Usage rows dropped because the buffer was full (USAGE_BUFFER_MAX) while the database was unreachable.',
      registers,
      collect() {
        this.reset();
        this.inc(recorder.stats().dropped);
      },
    });
    new Counter({
      name: 'gateway_usage_rows_parked_total',
      help: 'Usage rows the database refused for their data (logged with their request id); the rest of their batch was written.',
      registers,
      collect() {
        this.reset();
        this.inc(recorder.stats().parked);
      },
    });
  }
}
