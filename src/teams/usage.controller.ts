import { Controller, Get, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { ApiError } from '../common/api-error.js';
import { success, type SuccessEnvelope } from '../common/envelope.js';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../docs/api-responses.js';
import { OwnUsageDto } from './admin/dto/responses.dto.js';
import { UsageReports } from './usage-reports.service.js';
import { DatabaseErrors } from './database-errors.interceptor.js';

@ApiTags('usage')
@ApiBearerAuth()
@UseInterceptors(DatabaseErrors)
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly reports: UsageReports) {}

  @Get()
  @ApiOperation({ summary: "The calling key's period, spend_usd, budget_usd, remaining_usd, requests and tokens (managed keys only)." })
  @ApiEnvelopeResponse(OwnUsageDto, "The calling key's spend, budget and tokens this period.")
  @ApiErrorResponses(401, 404, 429, 503)
  async own(@Req() request: AuthenticatedRequest): Promise<SuccessEnvelope<unknown>> {
    if (!request.client?.managed) {
      throw new ApiError(404, 'Usage is kept for keys issued through the admin API (docs/teams.md), not for GATEWAY_API_KEYS keys.', 'not_found_error');
    }
    return success(await this.reports.own(request.client));
  }
}
