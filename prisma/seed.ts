// `npm run db:seed`: publishes every study in studies/ through the same lib/ function the server
// start uses, and creates the demo researcher who owns them; with `--example-data` or
// DEMO_EXAMPLE_DATA=1 (the switch that reaches `npm run demo`) also the example respondents of the
// default study, in a study of their own. Idempotent.
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db-migrate';
import { syncStudyFiles } from '@/lib/studies/sync-study-files';
import { ensureDemoResearcher } from '@/lib/users/ensure-demo-researcher';
import { loadExampleData } from '@/lib/example-data/load-example-data';

async function main(): Promise<void> {
  await migrateDatabase({ url: getEnv().DATABASE_URL });
  const result = await syncStudyFiles({ dir: getEnv().STUDIES_DIR });
  for (const p of result.published) console.log(`${p.created ? 'Published' : 'Unchanged'}: ${p.slug} version ${p.version} (${p.file})`);
  for (const e of result.errors) console.error(`Refused: ${e}`);
  const demo = await ensureDemoResearcher();
  if (demo) console.log(`Demo researcher: ${demo.email} / ${demo.password}`);
  if (process.argv.includes('--example-data') || getEnv().DEMO_EXAMPLE_DATA === '1') {
    try {
      const example = await loadExampleData();
      console.log(`Example data: ${example.participants} respondents (${example.created} new) in "${example.title}", results at ${getEnv().PUBLIC_URL}/studies/${example.studyId}/results`);
    } catch (e) {
      console.error(`Example data not loaded: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    }
  }
  if (result.errors.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
