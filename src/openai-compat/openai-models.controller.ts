import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';
import { OpenAIModelDto, OpenAIModelListDto } from './dto/openai-responses.dto.js';
import { ApiOpenAIErrors } from './openai-api-responses.js';
import { OPENAI_TAG } from './openai-chat.controller.js';
import { OpenAICompatService } from './openai-compat.service.js';

@ApiTags(OPENAI_TAG)
@ApiBearerAuth()
@Controller('openai/v1/models')
export class OpenAIModelsController {
  constructor(private readonly openai: OpenAICompatService) {}

  @Get()
  @ApiOperation({ operationId: 'openaiListModels', summary: "Every model of the gateway, in OpenAI's ListModelsResponse." })
  @ApiOkResponse({ type: OpenAIModelListDto })
  @ApiOpenAIErrors(401, 429)
  list(@Req() request: AuthenticatedRequest): OpenAIModelListDto {
    return this.openai.list(request.client);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'openaiRetrieveModel', summary: 'One model; 404 `model_not_found` for an unknown id.' })
  @ApiParam({ name: 'id', example: 'gpt-4o' })
  @ApiOkResponse({ type: OpenAIModelDto })
  @ApiOpenAIErrors(401, 404, 429)
  retrieve(@Param('id') id: string, @Req() request: AuthenticatedRequest): OpenAIModelDto {
    return this.openai.retrieve(id, request.client);
  }
}
