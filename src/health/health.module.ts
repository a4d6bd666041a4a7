import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** GET /health (RateLimitModule is global, so its service is injectable here). */
@Module({ controllers: [HealthController] })
export class HealthModule {}
