import { Inject, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { validateBody } from './validate-body.js';

/**
 * Validates a @Body() parameter typed with a DTO class through validateBody, within MAX_JSON_DEPTH. Bound per
 * parameter (`@Body(BodyValidationPipe)`), not as a global pipe: with a global pipe Nest settles every other
 * pipeable parameter of every route (custom decorators such as ClientAbortSignal, @Param) through promises on each
 * request. body-validation.pipe.spec.ts checks that no DTO-typed @Body() goes without it.
 */
@Injectable()
export class BodyValidationPipe implements PipeTransform {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (metadata.type !== 'body' || !type || type === Object) return value;
    return validateBody(type as new () => object, value, this.config.maxJsonDepth);
  }
}
