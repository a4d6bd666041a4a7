import { ApiProperty, ApiPropertyOptional, ApiSchema, type SchemaObject } from '@nestjs/swagger';

/**
 * OpenAI's `Response` object as this gateway fills it, for the OpenAPI document only: the surface builds the plain
 * ResponseObject (../response-object.ts), which the e2e suites validate against OpenAI's own schema.
 */
const OUTPUT_ITEM: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      title: 'OutputMessage',
      required: ['type', 'id', 'status', 'role', 'content'],
      properties: {
        type: { type: 'string', enum: ['message'] },
        id: { type: 'string', example: 'msg_67ccd3acc8d48190a77525dc6de64b4104becb25c45c1d410000' },
        status: { type: 'string', enum: ['completed', 'incomplete'] },
        role: { type: 'string', enum: ['assistant'] },
        content: { type: 'array', items: { type: 'object', properties: { type: { type: 'string', enum: ['output_text'] }, text: { type: 'string' }, annotations: { type: 'array', items: {} }, logprobs: { type: 'array', items: {} } } } },
      },
    },
    {
      type: 'object',
      title: 'FunctionToolCall',
      required: ['type', 'id', 'call_id', 'name', 'arguments', 'status'],
      properties: {
        type: { type: 'string', enum: ['function_call'] },
        id: { type: 'string' },
        call_id: { type: 'string', example: 'call_Zx8' },
        name: { type: 'string', example: 'weather' },
        arguments: { type: 'string', example: '{"city":"Paris"}' },
        status: { type: 'string', enum: ['completed'] },
      },
    },
  ],
};

@ApiSchema({ name: 'ResponseUsage' })
export class ResponseUsageDto {
  @ApiProperty({ example: 12 }) input_tokens!: number;
  @ApiProperty({ example: { cached_tokens: 0, cache_write_tokens: 0 } }) input_tokens_details!: Record<string, number>;
  @ApiProperty({ example: 5 }) output_tokens!: number;
  @ApiProperty({ example: { reasoning_tokens: 0 } }) output_tokens_details!: Record<string, number>;
  @ApiProperty({ example: 17 }) total_tokens!: number;
}

@ApiSchema({ name: 'Response' })
export class ResponseObjectDto {
  @ApiProperty({ example: 'resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41' }) id!: string;
  @ApiProperty({ enum: ['response'] }) object!: 'response';
  @ApiProperty({ description: 'Unix time in seconds.', example: 1764288000 }) created_at!: number;
  @ApiProperty({ enum: ['completed', 'incomplete', 'in_progress', 'failed'] }) status!: string;
  @ApiProperty({ type: Number, nullable: true }) completed_at!: number | null;
  @ApiProperty({ type: Object, nullable: true, description: '`{code, message}` of a failed (streamed) response.' }) error!: object | null;
  @ApiProperty({ type: Object, nullable: true, description: '`{reason: "max_output_tokens"}` when the model stopped at the limit.' }) incomplete_details!: object | null;
  @ApiProperty({ description: 'The gateway model id asked for.', example: 'gpt-4o' }) model!: string;
  @ApiProperty({ type: 'array', items: OUTPUT_ITEM }) output!: object[];
  @ApiPropertyOptional({ type: ResponseUsageDto }) usage?: ResponseUsageDto;
  @ApiProperty({ type: String, nullable: true }) instructions!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) tools!: object[];
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }], example: 'auto' }) tool_choice!: string | object;
  @ApiProperty() parallel_tool_calls!: boolean;
  @ApiProperty({ example: { format: { type: 'text' } } }) text!: object;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata!: Record<string, string>;
  @ApiProperty({ type: Number, nullable: true }) temperature!: number | null;
  @ApiProperty({ type: Number, nullable: true }) top_p!: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_output_tokens!: number | null;
  @ApiProperty({ description: 'Whether the gateway kept it (docs/responses.md).' }) store!: boolean;
  @ApiProperty({ type: String, nullable: true }) previous_response_id!: string | null;
}

@ApiSchema({ name: 'DeletedResponse' })
export class DeletedResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['response.deleted'] }) object!: 'response.deleted';
  @ApiProperty({ enum: [true] }) deleted!: true;
}
