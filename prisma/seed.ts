// `npm run db:seed`: publishes every study in studies/ through the same lib/ function the server
// start uses, and creates the demo researcher who owns them. Idempotent.
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db-migrate';
import { syncStudyFiles } from '@/lib/studies/sync-study-files';
import { ensureDemoResearcher } from '@/lib/users/ensure-demo-researcher';

async function main(): Promise<void> {
  await migrateDatabase({ url: getEnv().DATABASE_URL, migrationsDir: path.join(process.cwd(), 'prisma', 'migrations') });
  const result = await syncStudyFiles({ dir: getEnv().STUDIES_DIR });
  for (const p of result.published) console.log(`${p.created ? 'Published' : 'Unchanged'}: ${p.slug} version ${p.version} (${p.file})`);
  for (const e of result.errors) console.error(`Refused: ${e}`);
  const demo = await ensureDemoResearcher();
  if (demo) console.log(`Demo researcher: ${demo.email} / ${demo.password}`);
  if (result.errors.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
