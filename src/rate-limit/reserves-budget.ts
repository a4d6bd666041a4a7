import { applyDecorators, Injectable, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, concatMap, from, throwError, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/authenticated-request.js';

/** Metadata on a route handler whose requests reserve a managed key's budget (KeyThrottlerGuard reads it). */
export const RESERVES_BUDGET = 'gateway:reserves-budget';

/**
 * Runs a deferred admission that the handler did not reach (DeferredAdmission): before its error, whose place a
 * refusal by the limits takes (429, or 503 failing closed), or before its answer. The request is then limited and
 * answered as if the guard had admitted it.
 */
@Injectable()
export class AdmissionBeforeAnswer implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const admission = context.switchToHttp().getRequest<AuthenticatedRequest>().client?.admission;
    if (admission === undefined) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => (admission.pending ? from(admission.admit().then(() => Promise.reject(error))) : throwError(() => error))),
      concatMap(async (answer) => {
        if (admission.pending) await admission.admit();
        return answer;
      }),
    );
  }
}

/**
 * A route whose requests reserve the key's budget before any upstream call (KeyPolicy.reserve): for a managed key
 * with a budget, the guard leaves the rate-limit admission to that reservation, so both are one store operation.
 * Every path of the handler must either reserve or fail; the interceptor admits the others.
 */
export const ReservesBudget = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(RESERVES_BUDGET, true), UseInterceptors(AdmissionBeforeAnswer));
