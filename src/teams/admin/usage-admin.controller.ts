import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { success, type SuccessEnvelope } from '../../common/envelope.js';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../../docs/api-responses.js';
import { GROUPS, UsageReports } from '../usage-reports.service.js';
import { TeamsDatabase } from '../teams-database.js';
import { AdminRoute } from './admin-route.decorator.js';
import { AuditLogDto, UsageReportDto } from './dto/responses.dto.js';
import { dateParam, enumParam, intParam } from './query-params.js';
import { auditView } from './views.js';
import { DatabaseErrors } from '../database-errors.interceptor.js';

@ApiTags('admin')
@UseInterceptors(DatabaseErrors)
@Controller('admin/v1')
export class UsageAdminController {
  constructor(
    private readonly reports: UsageReports,
    private readonly database: TeamsDatabase,
  ) {}

  @Get('usage')
  @AdminRoute()
  @ApiOperation({ summary: 'Usage in [from, to), grouped by key, team, model or day (UTC): requests, tokens, cost_usd.' })
  @ApiEnvelopeResponse(UsageReportDto, 'One row per group, with requests, tokens and cost.')
  @ApiErrorResponses(400, 401, 503)
  async usage(@Query() query: Record<string, unknown>): Promise<SuccessEnvelope<unknown>> {
    const group = enumParam(query, 'group_by', GROUPS, 'key');
    return success({ group_by: group, rows: await this.reports.report(group, dateParam(query, 'from'), dateParam(query, 'to')) });
  }

  @Get('audit')
  @AdminRoute()
  @ApiOperation({ summary: 'Admin actions, newest first: who (admin key fingerprint), what, when, from which address.' })
  @ApiEnvelopeResponse(AuditLogDto, 'Audit entries, newest first.')
  @ApiErrorResponses(400, 401, 503)
  async audit(@Query() query: Record<string, unknown>): Promise<SuccessEnvelope<unknown>> {
    const limit = intParam(query, 'limit', 100, 1, 1000);
    const rows = await this.database.required().selectFrom('audit').selectAll().orderBy('id', 'desc').limit(limit).offset(intParam(query, 'offset', 0, 0, 1_000_000_000)).execute();
    return success({ entries: rows.map(auditView) });
  }
}
