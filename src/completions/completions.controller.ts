import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { success, type SuccessEnvelope } from '../common/envelope.js';
import { ApiEnvelopeResponse, ApiErrorResponses } from '../docs/api-responses.js';
import { CompleteRequestDto } from './dto/complete-request.dto.js';
import { CompleteResponseDto } from './dto/complete-response.dto.js';
import { CompletionsService } from './completions.service.js';

@ApiTags('completions')
@ApiBearerAuth()
@Controller('v1/complete')
export class CompletionsController {
  constructor(private readonly completions: CompletionsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'complete', summary: 'Generate a completion (the `complete` tool).' })
  @ApiBody({
    type: CompleteRequestDto,
    examples: {
      seed: {
        summary: 'The seed example',
        value: { model: 'gpt-4o', prompt: 'Write a poem about the ocean.', max_tokens: 50, temperature: 0.7, stop: ['\n'] },
      },
    },
  })
  @ApiEnvelopeResponse(CompleteResponseDto, 'The completion.')
  @ApiErrorResponses(400, 401, 413, 415, 429, 502, 503, 504)
  async complete(@Body() body: CompleteRequestDto): Promise<SuccessEnvelope<CompleteResponseDto>> {
    return success(await this.completions.complete(body));
  }
}
