import { parseApiKeys } from '../auth/api-keys.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/gateway-config.js';
import { createDb } from './database.js';
import { migrateToLatest } from './migrate.js';

/** `npm run db:migrate`: what the gateway does at start, by hand (DATABASE_URL from the same configuration). */
async function main(): Promise<void> {
  let url: string | undefined;
  try {
    url = loadConfig(process.env, parseApiKeys).teams.databaseUrl;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(1);
  }
  if (!url) {
    process.stderr.write('DATABASE_URL is not set: nothing to migrate.\n');
    process.exit(1);
  }
  const db = createDb(url);
  try {
    const applied = await migrateToLatest(db);
    process.stdout.write(applied.length === 0 ? 'Database is up to date.\n' : `Applied: ${applied.join(', ')}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
