import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// The integration suite again on PostgreSQL (`npm run test:postgresql`, TEST_POSTGRES_URL set by
// scripts/test-postgresql.sh). Left out: tests of SQLite's own machinery, which PostgreSQL does not have
// (libsql's shared connection, SQLite table-redefinition migrations).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/integration/**/*.test.ts'],
    exclude: [
      'test/integration/db-shared-connection.test.ts',
      'test/integration/source-image-owner-migration.test.ts',
    ],
  },
});
