import { Global, Module } from '@nestjs/common';
import { KeysAdminController } from './admin/keys.controller.js';
import { KeyAdmin } from './admin/key-admin.service.js';
import { TeamAdmin } from './admin/team-admin.service.js';
import { TeamsAdminController } from './admin/teams.controller.js';
import { UsageAdminController } from './admin/usage-admin.controller.js';
import { KeyEvents } from './key-events.js';
import { KeyPolicy } from './key-policy.service.js';
import { ManagedKeys } from './managed-keys.service.js';
import { TEAMS_DATABASE_PROVIDER, TeamsDatabase } from './teams-database.js';
import { UsageController } from './usage.controller.js';
import { UsageMetrics } from './usage-metrics.js';
import { UsageRecorder } from './usage-recorder.service.js';
import { UsageReports } from './usage-reports.service.js';

/**
 * Teams, managed keys, budgets and usage in PostgreSQL (docs/teams.md). Global: the admission path (ManagedKeys)
 * and every surface (KeyPolicy) use it. Without DATABASE_URL every service is inert and the admin API answers 503.
 */
@Global()
@Module({
  controllers: [KeysAdminController, TeamsAdminController, UsageAdminController, UsageController],
  providers: [TEAMS_DATABASE_PROVIDER, KeyEvents, ManagedKeys, UsageRecorder, UsageMetrics, KeyPolicy, UsageReports, KeyAdmin, TeamAdmin],
  exports: [TeamsDatabase, ManagedKeys, KeyPolicy],
})
export class TeamsModule {}
