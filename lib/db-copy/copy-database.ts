import 'server-only';
// Copies one database into another (typically the SQLite file into a new PostgreSQL database, when a
// deployment moves to several machines): migrates the target, copies every table in foreign-key order in
// batches inside one transaction on the target, adds DATA_DIR's shared files as StoredBlob rows when the
// target keeps them in the database, and checks every table's row count before committing. Anything
// that goes wrong rolls the whole copy back, so the target is either a full copy or untouched.
import { z } from 'zod';
import { DATABASE_URL_FORMS, isDatabaseUrl } from '@/lib/database-url';
import { migrateDatabase } from '@/lib/db-migrate';
import { databaseKind, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { copyBlobFiles, listBlobFiles } from '@/lib/db-copy/copy-blob-files';
import { COPY_TABLES, delegateOf, readBatch, uncopiedModels } from '@/lib/db-copy/copy-tables';
import { openClient } from '@/lib/db-copy/open-client';

const databaseUrl = z.string().refine(isDatabaseUrl, `must be ${DATABASE_URL_FORMS}`);

export const copyDatabaseOptionsSchema = z.object({
  from: databaseUrl,
  to: databaseUrl,
  /** Where the source's files are (SQLite source only). */
  dataDir: z.string().min(1),
  /** Empty a target that already has rows (inside the copy's transaction) instead of refusing it. */
  force: z.boolean().default(false),
  batchSize: z.number().int().min(1).max(10_000).default(500),
  /** Add the data directory's files as StoredBlob rows; by default when the target is PostgreSQL. */
  copyFiles: z.boolean().optional(),
}).refine((o) => o.from !== o.to, { message: 'the source and the target are the same database', path: ['to'] });

export type CopyDatabaseOptions = z.input<typeof copyDatabaseOptionsSchema>;

export interface CopyProgress {
  /** A table's model name, or "files". */
  step: string;
  /** Rows (or files) copied so far, over all steps, and in all. */
  done: number;
  total: number;
}

export interface CopyReport {
  tables: { model: string; source: number; target: number }[];
  /** Files of the data directory added as StoredBlob rows (0 when not copied). */
  files: number;
  filesCopied: boolean;
  migrationsApplied: string[];
}

/** Copying hours of generated images can take a while; nothing else writes the target meanwhile. */
const TRANSACTION_TIMEOUT_MS = 6 * 60 * 60 * 1000;

async function countRows(client: Db): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of COPY_TABLES) counts.set(t.model, await delegateOf(client, t.model).count());
  return counts;
}

export async function copyDatabase(input: CopyDatabaseOptions, onProgress: (p: CopyProgress) => void = () => undefined): Promise<CopyReport> {
  const options = copyDatabaseOptionsSchema.parse(input);
  const missing = uncopiedModels();
  if (missing.length) throw new Error(`db:copy does not know these tables yet: ${missing.join(', ')} (lib/db-copy/copy-tables.ts).`);
  const copyFiles = options.copyFiles ?? databaseKind(options.to) === 'postgresql';
  const migrated = await migrateDatabase({ url: options.to });
  const source = openClient(options.from);
  const target = openClient(options.to);
  try {
    const sourceCounts = await countRows(source);
    const targetCounts = await countRows(target);
    const nonEmpty = COPY_TABLES.filter((t) => (targetCounts.get(t.model) ?? 0) > 0).map((t) => `${t.model} (${targetCounts.get(t.model)})`);
    if (nonEmpty.length && !options.force) {
      throw new AppError('CONFLICT', `The target database already has rows: ${nonEmpty.join(', ')}. Copy into an empty database, or pass --force to replace everything in it.`);
    }
    // Files live in a SQLite deployment's data directory; a PostgreSQL source has them in StoredBlob already.
    const fileKeys = copyFiles && databaseKind(options.from) === 'sqlite' ? await listBlobFiles(options.dataDir) : [];
    const total = [...sourceCounts.values()].reduce((a, b) => a + b, 0) + fileKeys.length;
    let done = 0;
    const advance = (step: string, n: number) => {
      done += n;
      onProgress({ step, done, total });
    };
    onProgress({ step: COPY_TABLES[0]?.model ?? '', done, total });

    return await target.$transaction(async (tx) => {
      if (nonEmpty.length) {
        for (const t of [...COPY_TABLES].reverse()) await delegateOf(tx, t.model).deleteMany();
      }
      for (const table of COPY_TABLES) {
        const from = delegateOf(source, table.model);
        const to = delegateOf(tx, table.model);
        let last: Record<string, unknown> | null = null;
        let offset = 0;
        for (;;) {
          const rows = await readBatch(from, table, last, offset, options.batchSize);
          if (!rows.length) break;
          await to.createMany({ data: rows });
          last = rows[rows.length - 1] ?? null;
          offset += rows.length;
          advance(table.model, rows.length);
        }
      }
      const files = fileKeys.length ? await copyBlobFiles({ tx, dataDir: options.dataDir, keys: fileKeys, onCopied: (n) => advance('files', n) }) : 0;
      // Checked before committing: a source written to during the copy (or a lost row) rolls it all back.
      const tables = [];
      for (const t of COPY_TABLES) {
        const expected = (sourceCounts.get(t.model) ?? 0) + (t.model === 'StoredBlob' ? files : 0);
        tables.push({ model: t.model, source: expected, target: await delegateOf(tx, t.model).count() });
      }
      const wrong = tables.filter((t) => t.source !== t.target);
      if (wrong.length) {
        throw new Error(`Row counts differ after the copy (${wrong.map((t) => `${t.model}: ${t.source} in the source, ${t.target} copied`).join('; ')}); nothing was committed. Stop every server and worker using the source, then copy again.`);
      }
      return { tables, files, filesCopied: copyFiles, migrationsApplied: migrated.applied };
    }, { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 });
  } finally {
    await Promise.all([source.$disconnect(), target.$disconnect()]);
  }
}
