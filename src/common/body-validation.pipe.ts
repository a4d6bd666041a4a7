import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validateBody } from './validate-body.js';

/** Validates @Body() parameters typed with a DTO class through validateBody. */
@Injectable()
export class BodyValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (metadata.type !== 'body' || !type || type === Object) return value;
    return validateBody(type as new () => object, value);
  }
}
