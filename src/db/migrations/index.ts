import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { responses } from './0002-responses.js';
import { usageEstimated } from './0003-usage-estimated.js';

/**
 * Every migration, in order, imported rather than read from a folder: the compiled build (and the Docker image)
 * carries them inside dist/ with nothing to locate at run time. Append new ones; never edit an applied one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-responses': responses,
  '0003-usage-estimated': usageEstimated,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
