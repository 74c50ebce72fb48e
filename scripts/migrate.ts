// `npm run db:migrate`: bring the configured database up to date.
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db-migrate';

async function main(): Promise<void> {
  const { DATABASE_URL } = getEnv();
  const result = await migrateDatabase({ url: DATABASE_URL });
  console.log(result.applied.length ? `Applied migrations: ${result.applied.join(', ')}` : 'Database schema is up to date.');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
