import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { success, type SuccessEnvelope } from '../../common/envelope.js';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../../docs/api-responses.js';
import type { AdminRequest } from './admin-authenticator.js';
import { AdminRoute } from './admin-route.decorator.js';
import { CreateKeyDto, RotateKeyDto, UpdateKeyDto } from './dto/key.dto.js';
import { IssuedKeyDto, ManagedKeyDto, ManagedKeyPageDto } from './dto/responses.dto.js';
import { KeyAdmin } from './key-admin.service.js';
import { intParam } from './query-params.js';
import { DatabaseErrors } from '../database-errors.interceptor.js';
import { BodyValidationPipe } from '../../common/body-validation.pipe.js';

type Data = SuccessEnvelope<Record<string, unknown>>;

@ApiTags('admin')
@UseInterceptors(DatabaseErrors)
@Controller('admin/v1/keys')
export class KeysAdminController {
  constructor(private readonly keys: KeyAdmin) {}

  @Post()
  @AdminRoute()
  @ApiOperation({ summary: 'Issue a client key. `data.key` is the secret, shown this once.' })
  @ApiEnvelopeResponse(IssuedKeyDto, 'The key, with its secret in `key` (shown this once).', 201)
  @ApiErrorResponses(400, 401, 503)
  async create(@Body(BodyValidationPipe) body: CreateKeyDto, @Req() request: AdminRequest): Promise<Data> {
    return success(await this.keys.create(body, request));
  }

  @Get()
  @AdminRoute()
  @ApiOperation({ summary: "List keys (never a secret), with last_used_at and this period's spend_usd; `limit` (1-200) and `offset`." })
  @ApiEnvelopeResponse(ManagedKeyPageDto, 'One page of keys, newest first.')
  @ApiErrorResponses(400, 401, 503)
  async list(@Query() query: Record<string, unknown>): Promise<SuccessEnvelope<unknown>> {
    return success(await this.keys.list(intParam(query, 'limit', 50, 1, 200), intParam(query, 'offset', 0, 0, 1_000_000_000)));
  }

  @Get(':id')
  @AdminRoute()
  @ApiOperation({ summary: 'One key.' })
  @ApiEnvelopeResponse(ManagedKeyDto, 'The key.')
  @ApiErrorResponses(401, 404, 503)
  async get(@Param('id') id: string): Promise<Data> {
    return success(await this.keys.get(id));
  }

  @Patch(':id')
  @AdminRoute()
  @ApiOperation({ summary: 'Change a key; `null` clears a field. Applies on every replica at once (Redis) or within KEY_CACHE_TTL_MS.' })
  @ApiEnvelopeResponse(ManagedKeyDto, 'The key as changed.')
  @ApiErrorResponses(400, 401, 404, 503)
  async update(@Param('id') id: string, @Body(BodyValidationPipe) body: UpdateKeyDto, @Req() request: AdminRequest): Promise<Data> {
    return success(await this.keys.update(id, body, request));
  }

  @Post(':id/rotate')
  @AdminRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret (in `data.key`, shown once); the old one stays valid for `grace_seconds`.' })
  @ApiEnvelopeResponse(IssuedKeyDto, 'The key, with its new secret in `key` (shown this once).')
  @ApiErrorResponses(400, 401, 404, 409, 503)
  async rotate(@Param('id') id: string, @Body(BodyValidationPipe) body: RotateKeyDto, @Req() request: AdminRequest): Promise<Data> {
    return success(await this.keys.rotate(id, body ?? {}, request));
  }

  @Delete(':id')
  @AdminRoute()
  @ApiOperation({ summary: 'Revoke a key: refused with 401 from then on.' })
  @ApiEnvelopeResponse(ManagedKeyDto, 'The key, with revoked_at set.')
  @ApiErrorResponses(401, 404, 503)
  async revoke(@Param('id') id: string, @Req() request: AdminRequest): Promise<Data> {
    return success(await this.keys.revoke(id, request));
  }
}
