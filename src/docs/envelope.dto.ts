import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ERROR_TYPES } from '../common/api-error.js';

/** Swagger's view of the error envelope (seed §3, §5); the runtime shape is common/envelope.ts. */
@ApiSchema({ name: 'ErrorBody' })
export class ErrorBodyDto {
  @ApiProperty({ description: 'HTTP status of the response.', type: 'integer', example: 400 })
  code!: number;

  @ApiProperty({ description: 'What went wrong, safe to show a user.', example: "Invalid 'model' parameter." })
  message!: string;

  @ApiProperty({
    description: 'Machine-readable error kind.',
    enum: [...ERROR_TYPES],
    example: 'invalid_request_error',
  })
  type!: string;

  @ApiProperty({ description: 'The request field at fault, or null.', type: String, nullable: true, example: 'model' })
  param!: string | null;

  @ApiProperty({ description: 'Id of the request, also in the X-Request-Id header and the log.', example: 'req_4f1c2b9e' })
  request_id!: string;
}

@ApiSchema({ name: 'ErrorEnvelope' })
export class ErrorEnvelopeDto {
  @ApiProperty({ enum: [false], example: false })
  success!: boolean;

  @ApiProperty({ type: ErrorBodyDto })
  error!: ErrorBodyDto;
}
