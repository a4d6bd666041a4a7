import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { ApiError } from '../common/api-error.js';

/** A driver or connection failure (a PostgreSQL or socket error code, a timeout), not a bug. */
function isDatabaseFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return typeof (error as { code?: unknown }).code === 'string' || /connect|timeout|terminat/i.test(error.message);
}

/**
 * On the routes that read or write the database (admin API, GET /v1/usage): the database failing (unreachable, timed out)
 * answers 503 saying so rather than a 500; anything else goes on to the exception filter as before.
 */
@Injectable()
export class DatabaseErrors implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ApiError || error instanceof HttpException || !isDatabaseFailure(error)) throw error;
        throw new ApiError(503, 'The database is unreachable; try again shortly.', 'service_unavailable');
      }),
    );
  }
}
