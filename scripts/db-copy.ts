// `npm run db:copy -- --from file:data/app.db --to postgresql://…`: copies every table (and, for a
// PostgreSQL target, DATA_DIR's shared files) into another database. The work is lib/db-copy/; this
// draws the progress bar and prints the row counts.
import { Presets, SingleBar } from 'cli-progress';
import { copyDatabase } from '@/lib/db-copy/copy-database';
import { DB_COPY_HELP, parseDbCopyArgs } from '@/lib/db-copy/db-copy-args';

/** user:password@ out of a URL before it is printed. */
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//…@');

async function main(): Promise<void> {
  let args;
  try {
    args = parseDbCopyArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
  if (args.help) {
    console.log(DB_COPY_HELP);
    return;
  }
  const { options } = args;
  console.log(`Copying ${redact(options.from)} → ${redact(options.to)} (files from ${options.dataDir})`);
  const bar = new SingleBar({ format: '{bar} {percentage}% | {value}/{total} rows | {step}', hideCursor: true }, Presets.shades_classic);
  let started = false;
  const report = await copyDatabase(options, ({ step, done, total }) => {
    if (!started) {
      bar.start(total, 0, { step });
      started = true;
    }
    bar.update(done, { step });
  }).finally(() => {
    if (started) bar.stop();
  });
  if (report.migrationsApplied.length) console.log(`Target migrated: ${report.migrationsApplied.join(', ')}`);
  const width = Math.max(...report.tables.map((t) => t.model.length));
  console.log(`\n${'table'.padEnd(width)}  ${'source'.padStart(8)}  ${'target'.padStart(8)}`);
  for (const t of report.tables) console.log(`${t.model.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(8)}`);
  console.log(report.filesCopied
    ? `\n${report.files} files of ${options.dataDir} added as StoredBlob rows (counted in StoredBlob's source column).`
    : '\nFiles were not copied: a SQLite target reads them from its own DATA_DIR (copy stimuli-store/, visualization-cache/ and uploads/ there).');
  console.log('Every table has the same number of rows in both databases; the copy is committed.');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
