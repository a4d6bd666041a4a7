import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { ApiError } from '../common/api-error.js';

/** PostgreSQL SQLSTATE classes that mean the database is away (08 connection, 53 resources, 57 operator intervention). */
const OUTAGE_CLASSES = /^(08|53|57)[0-9A-Z]{3}$/;
/** A socket error code from the driver (ECONNREFUSED, ETIMEDOUT...). */
const SOCKET_CODE = /^E[A-Z]+$/;

/** What a database error means for the client: its data refused (400, 409), the database away (503), or a bug. */
export function databaseErrorStatus(error: unknown): 400 | 409 | 503 | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^22[0-9A-Z]{3}$/.test(code)) return 400;
    if (/^23[0-9A-Z]{3}$/.test(code)) return 409;
    if (OUTAGE_CLASSES.test(code) || SOCKET_CODE.test(code)) return 503;
    return undefined;
  }
  return /connect|timeout|terminat/i.test(error.message) ? 503 : undefined;
}

/**
 * On the routes that read or write the database (admin API, GET /v1/usage): the database failing (unreachable, timed
 * out) answers 503 saying so rather than a 500; a value it refuses (PostgreSQL class 22) 400, a conflict with stored
 * data (class 23) 409, neither echoing the database's message; anything else goes on to the exception filter.
 */
@Injectable()
export class DatabaseErrors implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ApiError || error instanceof HttpException) throw error;
        const status = databaseErrorStatus(error);
        if (status === 400) throw ApiError.invalid('The database refused a value of this request (out of range or not representable).', null);
        if (status === 409) throw new ApiError(409, 'The request conflicts with stored data (a referenced record is missing, or a unique value is taken).', 'conflict');
        if (status === 503) throw new ApiError(503, 'The database is unreachable; try again shortly.', 'service_unavailable');
        throw error;
      }),
    );
  }
}
