import 'server-only';
// SQL shared by the aggregations. Parameterised (Prisma.sql), plain SQLite with its JSON1 functions,
// which PostgreSQL has equivalents for (jsonb_array_elements_text) when the scale path needs them.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';

/** `(a, b, c)` for an IN list; `(NULL)` matches nothing when the list is empty. */
export function inList(values: readonly string[]): Prisma.Sql {
  return values.length ? Prisma.sql`(${Prisma.join(values)})` : Prisma.sql`(NULL)`;
}

/** Participants of the analysed versions (`p` is the Participant alias). */
export function inVersions(versionIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`p.studyVersionId IN ${inList(versionIds)}`;
}

/**
 * Milliseconds since the epoch of a DateTime column. The libsql adapter stores ISO-8601 text; older
 * rows or other writers may store epoch milliseconds, so both are read.
 */
export function epochMs(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN typeof(${column}) IN ('integer', 'real') THEN ${column} ELSE (julianday(${column}) - 2440587.5) * 86400000.0 END)`;
}

/**
 * An answer as one comparable text: a choice as itself, several choices sorted and joined by "+",
 * a Likert point as its number; NULL for skipped or missing answers and empty selections.
 */
export function canonicalAnswer(valueColumn: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT group_concat(v, '+') FROM (SELECT CAST(value AS TEXT) AS v FROM json_each(${valueColumn}) WHERE value IS NOT NULL ORDER BY v))`;
}

/** COUNT(*) arrives as number or bigint depending on the driver; both become a number. */
export const countSchema = z.union([z.number(), z.bigint()]).transform(Number);
export const nullableNumberSchema = z.union([z.number(), z.bigint(), z.null()]).transform((v) => (v === null ? null : Number(v)));

/** Parse raw rows: the database is an input like any other. */
export function parseRows<T>(schema: z.ZodType<T>, rows: unknown): T[] {
  return z.array(schema).parse(rows);
}

/**
 * A JSON array of strings (json_group_array of a text column), checked element by element: zod's
 * array parse costs several milliseconds per 100 000 elements, this a fraction of one.
 */
export function parseTextArray(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('expected a JSON array');
  for (const x of parsed) if (typeof x !== 'string') throw new Error('expected only strings in the array');
  return parsed as string[];
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * SQLite's BINARY order of text (its bytes in UTF-8), as ORDER BY gives it: the order of UTF-16 code
 * units, which JavaScript's < compares, is the same except around characters outside the BMP.
 */
export function compareSqliteText(a: string, b: string): number {
  if (a === b) return 0;
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : 1;
}
