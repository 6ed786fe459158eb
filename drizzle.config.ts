import { defineConfig } from 'drizzle-kit';

// Migrations are generated once as plain SQL and run unchanged on PGlite and Postgres.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
