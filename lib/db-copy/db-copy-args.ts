// The command line of `npm run db:copy`, parsed once with zod so a bad argument stops the copy before it
// opens anything, with a message naming the argument.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DATABASE_URL_FORMS, isDatabaseUrl } from '@/lib/database-url';
import type { CopyDatabaseOptions } from '@/lib/db-copy/copy-database';

export const DB_COPY_HELP = `Copy every table of one database into another, e.g. the embedded SQLite file into PostgreSQL:

  npm run db:copy -- --from file:data/app.db --to postgresql://user:password@host:5432/facexai

  --from URL        the database to copy (file:<path> or postgresql://…); it is only read
  --to URL          the database to fill; migrated first, then filled in one transaction, so it ends
                    as a full copy or, if anything fails, unchanged
  --force           the target may already have rows: they are all deleted (in the same transaction)
                    and replaced by the copy. Without it a target with any row is refused
  --data-dir DIR    where the source's files are (stimuli-store/, visualization-cache/, uploads/);
                    default: the folder of the --from SQLite file. With a PostgreSQL target they are
                    added as StoredBlob rows, since servers on other machines read them from the
                    database; a SQLite target keeps files in its own DATA_DIR (copy the folders)
  --batch-size N    rows per insert (default 500)

Stop every server and worker that uses the source first: rows written during the copy make the row
counts differ, and then nothing is committed.`;

const url = z.string({ error: 'is required' }).refine(isDatabaseUrl, `must be ${DATABASE_URL_FORMS}`);

const argsSchema = z.object({
  from: url,
  to: url,
  force: z.boolean().default(false),
  'data-dir': z.string().min(1).optional(),
  'batch-size': z.coerce.number({ error: 'must be a number' }).int().min(1).max(10_000).default(500),
}).refine((a) => a.from !== a.to, { message: 'must name another database than --from', path: ['to'] });

export type DbCopyArgs = { help: true } | { help: false; options: CopyDatabaseOptions };

/** Parses argv (without node and the script); throws an Error whose message lists every bad argument. */
export function parseDbCopyArgs(argv: readonly string[]): DbCopyArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, 'data-dir': { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n\n${DB_COPY_HELP}`);
  }
  if (values.help) return { help: true };
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid arguments:\n${lines.join('\n')}\n\n${DB_COPY_HELP}`);
  }
  const a = parsed.data;
  const sqliteDir = a.from.startsWith('file:') ? path.dirname(path.resolve(a.from.slice('file:'.length))) : null;
  const dataDir = a['data-dir'] ?? sqliteDir ?? process.cwd();
  return { help: false, options: { from: a.from, to: a.to, force: a.force, dataDir: path.resolve(dataDir), batchSize: a['batch-size'] } };
}
