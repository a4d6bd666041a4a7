import { ApiHideProperty, ApiProperty, ApiSchema } from '@nestjs/swagger';
import { OpenAICommonFieldsDto } from './openai-common-fields.dto.js';
import { IsSinglePrompt, SupportedOnlyAs } from './openai-validators.js';

/** Body of POST /openai/v1/completions (legacy): OpenAI's CreateCompletionRequest, one text prompt. */
@ApiSchema({ name: 'CreateCompletionRequest' })
export class TextCompletionRequestDto extends OpenAICommonFieldsDto {
  @ApiProperty({
    description: 'The prompt: a string, or an array holding one string. Token arrays and several prompts are refused.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 1 }],
    example: 'Say this is a test',
  })
  @IsSinglePrompt()
  prompt!: string | [string];

  @ApiHideProperty()
  @SupportedOnlyAs([false], 'is not supported by this gateway: only false is accepted.')
  echo?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([''], 'is not supported by this gateway (no insertion).')
  suffix?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([0], 'is not supported by this gateway (log probabilities are not available).')
  logprobs?: unknown;

  @ApiHideProperty()
  @SupportedOnlyAs([1], 'is not supported by this gateway: only 1 is accepted.')
  best_of?: unknown;
}
