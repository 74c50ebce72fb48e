// Prisma CLI configuration (Prisma 7 keeps the connection URL out of the schema). Only `generate`
// runs here: migrations are applied by scripts/migrate.ts because the schema engine cannot be
// downloaded on offline machines (see README "Database").
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
