import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };
// Tests of what only a database server can do (lose its connections): the embedded database
// runs in the test's own process, so there is nothing to cut.
const POSTGRES_ONLY = ['tests/integration/database-outage.test.ts'];
const integration = (name: 'pglite' | 'postgres') => ({
  resolve: { alias },
  test: {
    name,
    include: ['tests/integration/**/*.test.ts'],
    exclude: name === 'pglite' ? POSTGRES_ONLY : [],
    setupFiles: ['tests/support/setup.ts'],
    env: { VERSO_TEST_DB: name },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// Integration tests run on the embedded database, and again on real Postgres when
// TEST_DATABASE_URL is set (each test file gets a database of its own).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], setupFiles: ['tests/support/setup.ts'] } },
      integration('pglite'),
      ...(process.env.TEST_DATABASE_URL ? [integration('postgres')] : []),
    ],
  },
});
