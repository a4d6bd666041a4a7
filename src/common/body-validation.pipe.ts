import { Inject, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { validateBody } from './validate-body.js';

/** Validates @Body() parameters typed with a DTO class through validateBody, within MAX_JSON_DEPTH. */
@Injectable()
export class BodyValidationPipe implements PipeTransform {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (metadata.type !== 'body' || !type || type === Object) return value;
    return validateBody(type as new () => object, value, this.config.maxJsonDepth);
  }
}
