import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { DrainState } from './drain-state.js';
import { HealthController } from './health.controller.js';
import { ProviderProbesService } from './provider-probes.service.js';
import { ReadinessService } from './readiness.service.js';
import { RootController } from './root.controller.js';

/** GET / (to the docs), GET /health, /health/live, /health/ready, /health/providers (RateLimitModule is global). main.ts flips DrainState. */
@Module({
  imports: [ProvidersModule],
  controllers: [HealthController, RootController],
  providers: [DrainState, ReadinessService, ProviderProbesService],
  exports: [DrainState, ReadinessService],
})
export class HealthModule {}
