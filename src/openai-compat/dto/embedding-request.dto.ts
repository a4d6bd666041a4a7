import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, registerDecorator } from 'class-validator';
import { MaxItemsWhenArray } from '../../common/max-items.decorator.js';

/** OpenAI's limit on the number of inputs in one request. */
export const MAX_EMBEDDING_INPUTS = 2048;

const isTokens = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && value.every((token) => Number.isInteger(token) && (token as number) >= 0);
const isText = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

/** `input`: a non-empty string, a token array, or a non-empty array of either (at most MAX_EMBEDDING_INPUTS). */
function IsEmbeddingInput(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isEmbeddingInput',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `must be a non-empty string, an array of token ids, or an array of up to ${MAX_EMBEDDING_INPUTS} of either.` },
      validator: {
        validate: (value: unknown) => {
          if (isText(value) || isTokens(value)) return true;
          if (!Array.isArray(value) || value.length === 0 || value.length > MAX_EMBEDDING_INPUTS) return false;
          return value.every(isText) || value.every(isTokens);
        },
      },
    });
  };
}

/** Body of POST /openai/v1/embeddings: OpenAI's CreateEmbeddingRequest. */
@ApiSchema({ name: 'CreateEmbeddingRequest' })
export class EmbeddingRequestDto {
  @ApiProperty({ description: "A model with `mode: embedding` in the gateway's model list.", example: 'text-embedding-3-small' })
  @IsString()
  model!: string;

  @ApiProperty({
    description: 'Text to embed: a string, an array of strings, an array of token ids, or an array of token arrays.',
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' } },
      { type: 'array', items: { type: 'integer' } },
      { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
    ],
    example: 'The food was delicious and the waiter...',
  })
  @IsEmbeddingInput()
  // Checked before transformation too (body-shape.ts): a 500k-item list is refused without walking it twice.
  @MaxItemsWhenArray(MAX_EMBEDDING_INPUTS)
  input!: string | string[] | number[] | number[][];

  @ApiPropertyOptional({ description: 'Dimensions of the vectors (text-embedding-3 and later).', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65536)
  dimensions?: number;

  @ApiPropertyOptional({ enum: ['float', 'base64'], default: 'float', description: 'base64: little-endian float32 (what the openai SDKs ask for).' })
  @IsOptional()
  @IsIn(['float', 'base64'])
  encoding_format?: 'float' | 'base64';

  @ApiPropertyOptional({ description: "The end user's opaque id." })
  @IsOptional()
  @IsString()
  user?: string;
}
