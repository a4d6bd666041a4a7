import { describe, expect, it } from '@jest/globals';
import { databaseStartError } from './start-error.js';

const URL_WITH_PASSWORD = 'postgres://gateway:s3cret@postgres:5432/gateway';
const failure = (message: string, code?: string): Error => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('databaseStartError', () => {
  it('says "could not connect" when the server is not reachable', () => {
    expect(databaseStartError(failure('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'), URL_WITH_PASSWORD).message).toBe(
      'DATABASE_URL: could not connect to PostgreSQL at postgres:5432 (ECONNREFUSED)',
    );
    expect(databaseStartError(failure('timeout exceeded when trying to connect'), 'postgres://db/x').message).toBe(
      'DATABASE_URL: could not connect to PostgreSQL at db:5432 (timeout exceeded when trying to connect)',
    );
  });

  it('says "could not connect" with the server\'s reason when it refuses the login, and why a password may be stale', () => {
    const refused = databaseStartError(failure('password authentication failed for user "gateway"', '28P01'), URL_WITH_PASSWORD).message;
    expect(refused).toMatch(/^DATABASE_URL: could not connect to PostgreSQL at postgres:5432: password authentication failed for user "gateway"; with docker compose, the data volume keeps/);
    expect(refused).not.toContain('s3cret');
    expect(databaseStartError(failure('database "nope" does not exist', '3D000'), URL_WITH_PASSWORD).message).toBe(
      'DATABASE_URL: could not connect to PostgreSQL at postgres:5432: database "nope" does not exist',
    );
  });

  it('keeps "could not be migrated" for a database that accepted the connection', () => {
    expect(databaseStartError(failure('permission denied for schema public', '42501'), URL_WITH_PASSWORD).message).toBe(
      'DATABASE_URL: the database could not be migrated (permission denied for schema public)',
    );
  });
});
