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
