import { z } from 'zod';
import { defineCommand, noArgs } from '../command';

export const dbMigrate = defineCommand({
  name: 'db migrate',
  summary: 'apply the database migrations',
  help: `Usage: npm run cli -- db migrate

Applies pending migrations to the database: Postgres when DATABASE_URL is set,
else the embedded database in VERSO_DATA_DIR (default .data). The server also
migrates at start; this is for deploy scripts.`,
  options: {},
  input: z.object({ args: noArgs }),
  // Every command opens the database migrated, so there is nothing left to do here.
  run: async () => {
    console.log('The database is migrated.');
  },
});
