import { ApiProperty } from '@nestjs/swagger';

/** Swagger's view of the error envelope (seed §3, §5); the runtime shape is common/envelope.ts. */
export class ErrorBodyDto {
  @ApiProperty({ description: 'HTTP status of the response.', example: 400 })
  code!: number;

  @ApiProperty({ description: 'What went wrong, safe to show a user.', example: "Invalid 'model' parameter." })
  message!: string;

  @ApiProperty({
    description: 'Machine-readable error kind.',
    enum: [
      'invalid_request_error',
      'authentication_error',
      'not_found_error',
      'method_not_allowed',
      'request_timeout',
      'payload_too_large',
      'unsupported_media_type',
      'request_header_fields_too_large',
      'permission_denied',
      'conflict',
      'rate_limit_error',
      'budget_exceeded',
      'upstream_error',
      'upstream_timeout',
      'service_unavailable',
      'internal_error',
    ],
    example: 'invalid_request_error',
  })
  type!: string;

  @ApiProperty({ description: 'The request field at fault, or null.', type: String, nullable: true, example: 'model' })
  param!: string | null;

  @ApiProperty({ description: 'Id of the request, also in the X-Request-Id header and the log.', example: 'req_4f1c2b9e' })
  request_id!: string;
}

export class ErrorEnvelopeDto {
  @ApiProperty({ enum: [false], example: false })
  success!: boolean;

  @ApiProperty({ type: ErrorBodyDto })
  error!: ErrorBodyDto;
}
