import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';

const DETAILS = ['auto', 'low', 'high'] as const;

@ApiSchema({ name: 'ChatCompletionRequestImageUrl' })
export class ImageUrlDto {
  @ApiProperty({ description: 'An `https:` URL (passed on, never downloaded by the gateway) or a base64 `data:` URL of a JPEG, PNG, GIF or WebP image, at most MAX_IMAGE_BYTES.', example: 'https://example.com/cat.png' })
  @IsString({ message: 'must be a string.' })
  url!: string;

  @ApiPropertyOptional({ enum: DETAILS, description: "OpenAI's image detail; providers without it ignore it." })
  @IsOptional()
  @IsIn(DETAILS, { message: 'must be one of auto, low, high.' })
  detail?: (typeof DETAILS)[number];
}

const PART_TYPES = ['text', 'image_url'] as const;

/** One part of a multi-part content array: text, or an image (user messages only); audio and files are refused. */
@ApiSchema({ name: 'ChatCompletionRequestMessageContentPart' })
export class ContentPartDto {
  @ApiProperty({ enum: PART_TYPES, description: '`text`, or `image_url` (user messages only); `input_audio` and `file` parts are refused (400).' })
  @IsIn(PART_TYPES, { message: 'must be text or image_url; audio and file inputs are not supported by this gateway.' })
  type!: (typeof PART_TYPES)[number];

  @ApiPropertyOptional({ description: 'The text (`type: text`). Several text parts stay separate parts.', example: 'Hello' })
  @ValidateIf((part: ContentPartDto) => part.type === 'text')
  @IsString({ message: 'must be a string.' })
  text?: string;

  @ApiPropertyOptional({ type: ImageUrlDto, description: 'The image (`type: image_url`).' })
  @ValidateIf((part: ContentPartDto) => part.type === 'image_url')
  @IsDefined({ message: 'is required for an image_url part.' })
  @ValidateNested()
  @Type(() => ImageUrlDto)
  image_url?: ImageUrlDto;
}
