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
});
