// `npm run db:seed`: publishes every study in studies/ through the same lib/ function the server
// start uses. Idempotent: an unchanged study is not published twice.
import { getEnv } from '@/lib/env';
import { syncStudyFiles } from '@/lib/studies/sync-study-files';

async function main(): Promise<void> {
  const result = await syncStudyFiles({ dir: getEnv().STUDIES_DIR });
  for (const p of result.published) console.log(`${p.created ? 'Published' : 'Unchanged'}: ${p.slug} version ${p.version} (${p.file})`);
  for (const e of result.errors) console.error(`Refused: ${e}`);
  if (result.errors.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
