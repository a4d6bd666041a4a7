import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth); TEST_PG_URL overrides it. */
export const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A database of its own for one test run: created empty, dropped (connections cut) by drop(). */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(server: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(server = PG_SERVER): Promise<TestDatabase> {
  const name = `gw_test_${randomBytes(6).toString('hex')}`;
  await admin(server, (client) => client.query(`create database ${name}`));
  return {
    name,
    url: `${server}/${name}`,
    drop: () => admin(server, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
