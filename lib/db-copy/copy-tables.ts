// The tables db:copy copies, parents before children (every foreign key points at a table earlier in
// the list), each read in a stable order by its primary key. Every model must be listed: a new model
// that is not fails the copy at its start (and the unit test) instead of being left behind silently.
import { Prisma } from '@/lib/generated/prisma/client';

export interface CopyTable {
  model: Prisma.ModelName;
  /** Primary key columns, read in this order. */
  key: readonly string[];
}

export const COPY_TABLES: readonly CopyTable[] = [
  { model: 'User', key: ['id'] },
  { model: 'Study', key: ['id'] },
  { model: 'StudyCollaborator', key: ['id'] },
  { model: 'AuditEvent', key: ['id'] },
  { model: 'SignInAttempt', key: ['id'] },
  { model: 'SignInThrottle', key: ['key'] },
  { model: 'StudyVersion', key: ['id'] },
  { model: 'Participant', key: ['id'] },
  { model: 'Response', key: ['id'] },
  { model: 'SourceImage', key: ['id'] },
  { model: 'SourceImageOwner', key: ['imageId', 'ownerId'] },
  { model: 'Stimulus', key: ['id'] },
  { model: 'ExplanationJob', key: ['id'] },
  { model: 'StudyStimulus', key: ['id'] },
  { model: 'StoredBlob', key: ['key'] },
];

/** Models of the schema that COPY_TABLES leaves out (none, or the copy refuses to start). */
export function uncopiedModels(): string[] {
  const listed = new Set<string>(COPY_TABLES.map((t) => t.model));
  return Object.values(Prisma.ModelName).filter((m) => !listed.has(m));
}

type Row = Record<string, unknown>;

/**
 * The part of a Prisma model delegate the copy uses. Delegates of different models have unrelated
 * generated types, so the copy, which treats every table alike, reaches them through this one shape.
 */
export interface TableDelegate {
  findMany(args: { where?: Row; orderBy: Row[]; take: number; skip?: number }): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  count(): Promise<number>;
  deleteMany(): Promise<{ count: number }>;
}

export function delegateOf(client: object, model: Prisma.ModelName): TableDelegate {
  const name = model.charAt(0).toLowerCase() + model.slice(1);
  const delegate = (client as Record<string, unknown>)[name];
  if (!delegate) throw new Error(`The database client has no model ${model}.`);
  return delegate as TableDelegate;
}

/**
 * One batch after `after` (the last row of the previous batch): keyset paging on a one-column key, so
 * each batch costs the same however far into the table it is; offset paging for the one table with a
 * two-column key (one row per upload and uploader, never large).
 */
export async function readBatch(delegate: TableDelegate, table: CopyTable, after: Row | null, offset: number, size: number): Promise<Row[]> {
  const orderBy = table.key.map((k) => ({ [k]: 'asc' }));
  const [only] = table.key;
  if (table.key.length === 1 && only) {
    return delegate.findMany({ ...(after ? { where: { [only]: { gt: after[only] } } } : {}), orderBy, take: size });
  }
  return delegate.findMany({ orderBy, skip: offset, take: size });
}
