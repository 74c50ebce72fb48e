import 'server-only';
// SQL shared by the aggregations. Parameterised (Prisma.sql); what SQLite and PostgreSQL spell
// differently comes from sql-dialect.ts. camelCase identifiers are double-quoted: PostgreSQL folds
// unquoted names to lower case, SQLite reads both alike.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { databaseKind } from '@/lib/db';
import { jsonEach } from '@/lib/analysis/sql-dialect';

/** `(a, b, c)` for an IN list; `(NULL)` matches nothing when the list is empty. */
export function inList(values: readonly string[]): Prisma.Sql {
  return values.length ? Prisma.sql`(${Prisma.join(values)})` : Prisma.sql`(NULL)`;
}

/** Participants of the analysed versions (`p` is the Participant alias). */
export function inVersions(versionIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`p."studyVersionId" IN ${inList(versionIds)}`;
}

/**
 * An answer as one comparable text: a choice as itself, several choices sorted and joined by "+",
 * a Likert point as its number; NULL for skipped or missing answers and empty selections.
 */
export function canonicalAnswer(valueColumn: Prisma.Sql): Prisma.Sql {
  // SQLite's group_concat takes the order of the sorted subquery; PostgreSQL's string_agg is given the
  // order itself, in bytes (COLLATE "C") as SQLite sorts text, so both join the same text.
  if (databaseKind() === 'postgresql') {
    return Prisma.sql`(SELECT string_agg(v, '+' ORDER BY v COLLATE "C") FROM (SELECT value AS v FROM ${jsonEach(valueColumn, 'e')} WHERE value IS NOT NULL) s)`;
  }
  return Prisma.sql`(SELECT group_concat(v, '+') FROM (SELECT CAST(value AS TEXT) AS v FROM ${jsonEach(valueColumn)} WHERE value IS NOT NULL ORDER BY v))`;
}

// A PostgreSQL numeric (SUM of a bigint) comes through Prisma as a Decimal: an object whose text is the number.
const decimalSchema = z.custom<{ toFixed: () => string }>((v) => typeof v === 'object' && v !== null && 'toFixed' in v && typeof v.toFixed === 'function').transform(String);
// Text: PostgreSQL types a value it cannot infer (a parameter as a CASE result) as text.
const numericTextSchema = z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i);

/**
 * Counts and sums arrive as number (libsql), BigInt (PostgreSQL bigint, e.g. COUNT(*)), Decimal
 * (PostgreSQL numeric) or numeric text (an untyped PostgreSQL parameter); each becomes a number.
 */
export const countSchema = z.union([z.number(), z.bigint(), decimalSchema, numericTextSchema]).transform(Number);
export const nullableNumberSchema = z.union([countSchema, z.null()]);

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
