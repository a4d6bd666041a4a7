import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { success, type SuccessEnvelope } from '../../common/envelope.js';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../../docs/api-responses.js';
import type { AdminRequest } from './admin-authenticator.js';
import { AdminRoute } from './admin-route.decorator.js';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto.js';
import { TeamDeletedDto, TeamDto, TeamListDto } from './dto/responses.dto.js';
import { TeamAdmin } from './team-admin.service.js';
import { DatabaseErrors } from '../database-errors.interceptor.js';
import { BodyValidationPipe } from '../../common/body-validation.pipe.js';

@ApiTags('admin')
@UseInterceptors(DatabaseErrors)
@Controller('admin/v1/teams')
export class TeamsAdminController {
  constructor(private readonly teams: TeamAdmin) {}

  @Post()
  @AdminRoute()
  @ApiOperation({ summary: "Create a team: its models and budget also apply to its keys." })
  @ApiEnvelopeResponse(TeamDto, 'The team.', 201)
  @ApiErrorResponses(400, 401, 409, 503)
  async create(@Body(BodyValidationPipe) body: CreateTeamDto, @Req() request: AdminRequest): Promise<SuccessEnvelope<unknown>> {
    return success(await this.teams.create(body, request));
  }

  @Get()
  @AdminRoute()
  @ApiOperation({ summary: 'List teams.' })
  @ApiEnvelopeResponse(TeamListDto, 'Every team.')
  @ApiErrorResponses(401, 503)
  async list(): Promise<SuccessEnvelope<unknown>> {
    return success({ teams: await this.teams.list() });
  }

  @Patch(':id')
  @AdminRoute()
  @ApiOperation({ summary: 'Change a team; `null` clears models or budget.' })
  @ApiEnvelopeResponse(TeamDto, 'The team as changed.')
  @ApiErrorResponses(400, 401, 404, 409, 503)
  async update(@Param('id') id: string, @Body(BodyValidationPipe) body: UpdateTeamDto, @Req() request: AdminRequest): Promise<SuccessEnvelope<unknown>> {
    return success(await this.teams.update(id, body, request));
  }

  @Delete(':id')
  @AdminRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a team without active keys (409 otherwise).' })
  @ApiEnvelopeResponse(TeamDeletedDto, 'The team is gone.')
  @ApiErrorResponses(401, 404, 409, 503)
  async remove(@Param('id') id: string, @Req() request: AdminRequest): Promise<SuccessEnvelope<unknown>> {
    await this.teams.remove(id, request);
    return success({ id, deleted: true });
  }
}
