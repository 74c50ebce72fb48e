import 'server-only';
// The few SQL constructs of the aggregations that SQLite and PostgreSQL spell differently, as Prisma.sql
// fragments chosen by the database in use (databaseKind(), read when the query is built). The SQLite
// form is the text the queries had before PostgreSQL was supported, so its plans (and timings) are
// unchanged; the PostgreSQL form returns the same values, in the same order where order matters.
// Identifiers are not here: the queries double-quote camelCase names ("itemId"), which both read alike.
import { Prisma } from '@/lib/generated/prisma/client';
import { databaseKind } from '@/lib/db';

const postgresql = () => databaseKind() === 'postgresql';

/**
 * SQLite's json_each as a FROM item: one row per element of a JSON array, or one row for a scalar;
 * `alias.key` is the element's index (from 0; NULL for a scalar), `alias.value` its SQL value (a string unquoted, a number,
 * an array or object as JSON text, JSON null as NULL; after CAST(value AS TEXT) the same text on both).
 * PostgreSQL has no function that takes arrays and scalars alike, so a scalar is wrapped in an array;
 * its `value` is already text (`#>> '{}'`); SQL NULL gives no rows, as json_each(NULL) does.
 */
export function jsonEach(json: Prisma.Sql, alias?: string): Prisma.Sql {
  const name = Prisma.raw(alias ?? 'json_each');
  if (!postgresql()) return alias ? Prisma.sql`json_each(${json}) ${name}` : Prisma.sql`json_each(${json})`;
  return Prisma.sql`LATERAL (SELECT CASE WHEN json_typeof(d.doc) = 'array' THEN e.ord - 1 END AS key, e.elem #>> '{}' AS value
    FROM (SELECT CAST(${json} AS json) AS doc) d,
      json_array_elements(CASE WHEN d.doc IS NULL THEN '[]'::json WHEN json_typeof(d.doc) = 'array' THEN d.doc ELSE json_build_array(d.doc) END) WITH ORDINALITY AS e(elem, ord)) ${name}`;
}

/** `JOIN json_each(x) alias` (no ON: each row of the left side with its elements); PostgreSQL needs CROSS JOIN LATERAL. */
export function joinJsonEach(json: Prisma.Sql, alias: string): Prisma.Sql {
  return postgresql() ? Prisma.sql`CROSS JOIN ${jsonEach(json, alias)}` : Prisma.sql`JOIN ${jsonEach(json, alias)}`;
}

function index(i: number): Prisma.Sql {
  if (!Number.isSafeInteger(i) || i < 0) throw new Error(`bad JSON index ${i}`);
  return Prisma.raw(String(i));
}

/** Element `i` of a JSON array held as text (`->>`): its SQL value, text on PostgreSQL (which needs the text cast to json). */
export function jsonItem(json: Prisma.Sql, i: number): Prisma.Sql {
  return postgresql() ? Prisma.sql`(CAST(${json} AS json) ->> ${index(i)})` : Prisma.sql`(${json} ->> ${index(i)})`;
}

/** Element `i` of a JSON array held as text, an integer (SQLite's ->> gives one; PostgreSQL's text is cast, so SUM adds numbers). */
export function jsonInteger(json: Prisma.Sql, i: number): Prisma.Sql {
  return postgresql() ? Prisma.sql`CAST(CAST(${json} AS json) ->> ${index(i)} AS BIGINT)` : jsonItem(json, i);
}

/** A JSON array of the values, as a JSON value to nest in jsonGroupArray (SQLite: text with JSON subtype; PostgreSQL: json). */
export function jsonArray(values: readonly Prisma.Sql[]): Prisma.Sql {
  const list = values.length ? Prisma.join(values) : Prisma.empty;
  return postgresql() ? Prisma.sql`json_build_array(${list})` : Prisma.sql`json_array(${list})`;
}

/**
 * A JSON array of the values as text, to group and sort by (PostgreSQL's json has no equality; its text
 * puts a space after each comma, which orders groups as SQLite's text does since every group is written so).
 */
export function jsonArrayText(values: readonly Prisma.Sql[]): Prisma.Sql {
  return postgresql() ? Prisma.sql`CAST(${jsonArray(values)} AS text)` : jsonArray(values);
}

/**
 * json_group_array: the values of the group as JSON text, `[]` for none (json_agg gives NULL then).
 * SQLite aggregates in the order rows arrive (the queries order a subquery); PostgreSQL is given
 * `orderBy` in the aggregate, since it does not promise to keep a subquery's order.
 */
export function jsonGroupArray(value: Prisma.Sql, orderBy?: Prisma.Sql): Prisma.Sql {
  if (!postgresql()) return Prisma.sql`json_group_array(${value})`;
  return Prisma.sql`COALESCE(CAST(json_agg(${value}${orderBy ? Prisma.sql` ORDER BY ${orderBy}` : Prisma.empty}) AS text), '[]')`;
}

/**
 * group_concat(value[, separator][ ORDER BY …]) as text; `separator` is a SQL string literal such as
 * `'+'` (omitted: SQLite's default ','). PostgreSQL's string_agg needs text and always a separator.
 */
export function groupConcat(value: Prisma.Sql, separator?: string, orderBy?: Prisma.Sql): Prisma.Sql {
  if (separator !== undefined && !/^'[^']*'$/.test(separator)) throw new Error(`separator must be a SQL string literal: ${separator}`);
  const order = orderBy ? Prisma.sql` ORDER BY ${orderBy}` : Prisma.empty;
  if (postgresql()) return Prisma.sql`string_agg(CAST(${value} AS TEXT), ${Prisma.raw(separator ?? "','")}${order})`;
  return Prisma.sql`group_concat(${value}${separator === undefined ? Prisma.empty : Prisma.raw(`, ${separator}`)}${order})`;
}

/**
 * Text compared and ordered by its bytes, as SQLite's BINARY collation does: PostgreSQL orders by the
 * database's locale unless told "C", which would change ORDER BY results and keyset pagination.
 */
export function binaryText(text: Prisma.Sql): Prisma.Sql {
  return postgresql() ? Prisma.sql`${text} COLLATE "C"` : text;
}

/**
 * Milliseconds since the epoch of a DateTime column, as a double. The libsql adapter stores ISO-8601
 * text; older rows or other writers may store epoch milliseconds, so SQLite reads both. Its julianday
 * is a fraction of a day, off by up to ~0.03 ms once scaled, so it is rounded to the whole
 * milliseconds stored: durations (and the "too fast" cut at a third of the median) are then exact, as
 * on PostgreSQL, whose TIMESTAMP(3) (UTC, as Prisma writes it) has exact epoch seconds.
 */
export function epochMs(column: Prisma.Sql): Prisma.Sql {
  if (postgresql()) return Prisma.sql`CAST(EXTRACT(EPOCH FROM ${column}) * 1000 AS double precision)`;
  return Prisma.sql`(CASE WHEN typeof(${column}) IN ('integer', 'real') THEN ${column} ELSE round((julianday(${column}) - 2440587.5) * 86400000.0) END)`;
}
