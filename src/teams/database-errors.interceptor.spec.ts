import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, throwError } from 'rxjs';
import { ApiError } from '../common/api-error.js';
import { DatabaseErrors } from './database-errors.interceptor.js';

const failWith = (error: unknown): Promise<unknown> =>
  firstValueFrom(new DatabaseErrors().intercept({} as ExecutionContext, { handle: () => throwError(() => error) } as CallHandler));

describe('DatabaseErrors', () => {
  it('answers 503 for a database that cannot be reached', async () => {
    await expect(failWith(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).rejects.toMatchObject({ status: 503, type: 'service_unavailable' });
    await expect(failWith(new Error('Connection terminated due to connection timeout'))).rejects.toMatchObject({ status: 503 });
  });

  it('leaves deliberate answers and bugs alone', async () => {
    const notFound = new ApiError(404, 'No key.', 'not_found_error');
    await expect(failWith(notFound)).rejects.toBe(notFound);
    const bug = new TypeError('x is undefined');
    await expect(failWith(bug)).rejects.toBe(bug);
  });

  it("answers PostgreSQL's data errors (class 22) with 400 and integrity errors (class 23) with 409, not 503", async () => {
    const pg = (code: string, message: string): Error => Object.assign(new Error(message), { code });
    await expect(failWith(pg('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    await expect(failWith(pg('22008', 'timestamp out of range'))).rejects.toMatchObject({ status: 400 });
    await expect(failWith(pg('23503', 'insert or update on table "api_keys" violates foreign key constraint'))).rejects.toMatchObject({ status: 409, type: 'conflict' });
    await expect(failWith(pg('57P01', 'terminating connection due to administrator command'))).rejects.toMatchObject({ status: 503 });
    const syntax = pg('42601', 'syntax error at or near "x"');
    await expect(failWith(syntax)).rejects.toBe(syntax); // a bug, not an outage: the filter's 500
  });
});
