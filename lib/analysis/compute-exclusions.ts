import 'server-only';
// Exclusion rules, each computed in the database and shown with its rule and count: failed any
// attention check; finished in under a fraction of the median completion time; gave the same answer
// to every Likert item (at least three). One query lists whom each rule flags; the excluded ids then
// travel as one JSON parameter (`json_each`), so every other aggregation can leave them out without
// re-running the rules in each of its queries (that subquery cost ~0.1 s per query at 5 000 participants).
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { countSchema, inList, inVersions, nullableNumberSchema, parseRows } from '@/lib/analysis/sql-fragments';
import { epochMs, jsonEach } from '@/lib/analysis/sql-dialect';

export type ExclusionRuleId = 'attention-check' | 'too-fast' | 'straight-lining';
export type ExclusionRule = { id: ExclusionRuleId; label: string; rule: string; count: number; applies: boolean };
export type Exclusions = {
  rules: ExclusionRule[];
  /** Participants flagged by at least one rule. */
  excluded: number;
  medianCompletionMs: number | null;
  fastThresholdMs: number | null;
  /** Ids of the participants flagged by at least one rule, sorted. */
  excludedIds: string[];
  /** SELECT of excluded participant ids (the list above as one JSON parameter), for `p.id NOT IN (…)`. */
  excludedIdsSql: Prisma.Sql;
};

/** A third of the median: fast enough to be implausible, slow enough to spare quick readers. */
export const DEFAULT_FAST_FRACTION = 1 / 3;
const MIN_LIKERT_ITEMS = 3;

// A function, not a constant: the dialect is read when the query is built.
const durationSql = () => Prisma.sql`(${epochMs(Prisma.sql`p."completedAt"`)} - ${epochMs(Prisma.sql`p."consentedAt"`)})`;

async function medianCompletionMs(scope: AnalysisScope): Promise<number | null> {
  const db = getDb();
  const where = Prisma.sql`${inVersions(scope.versionIds)} AND p.status = 'completed' AND p."consentedAt" IS NOT NULL AND p."completedAt" IS NOT NULL`;
  const [countRow] = parseRows(z.object({ n: countSchema }), await db.$queryRaw`SELECT COUNT(*) AS n FROM "Participant" p WHERE ${where}`);
  const n = countRow?.n ?? 0;
  if (n === 0) return null;
  // SQLite has no median aggregate: sort in the database and read the middle one or two rows.
  const rows = parseRows(
    z.object({ d: nullableNumberSchema }),
    await db.$queryRaw`SELECT ${durationSql()} AS d FROM "Participant" p WHERE ${where} ORDER BY d LIMIT ${n % 2 ? 1 : 2} OFFSET ${Math.floor((n - 1) / 2)}`,
  );
  const values = rows.flatMap((r) => (r.d === null ? [] : [r.d]));
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export async function computeExclusions(options: { scope: AnalysisScope; fastFraction?: number }): Promise<Exclusions> {
  const { scope } = options;
  const fraction = options.fastFraction ?? DEFAULT_FAST_FRACTION;
  const versions = inVersions(scope.versionIds);
  const attention = scope.items.filter((i) => i.type === 'attention-check' && i.correct !== null);
  // Scored against each version's own right answer (a later version may have changed it).
  const checks = scope.versionItems.flatMap((v) => v.items.filter((i) => i.type === 'attention-check' && i.correct !== null).map((i) => ({ versionId: v.versionId, id: i.id, correct: i.correct })));
  const likert = scope.items.filter((i) => i.type === 'likert').map((i) => i.id);
  // "blue", or "blue in v1, green in v2" when versions disagree.
  const correctByVersion = (id: string) => {
    const mine = checks.filter((c) => c.id === id);
    const values = new Set(mine.map((c) => c.correct));
    if (values.size <= 1) return [...values].join('');
    return mine.map((c) => `${c.correct} in v${scope.versionItems.find((v) => v.versionId === c.versionId)?.version ?? '?'}`).join(', ');
  };
  const median = await medianCompletionMs(scope);
  const threshold = median === null ? null : median * fraction;

  // A skipped check (stored as JSON null) counts as failed: the check is there to be answered.
  // Flat CASE over a (version, item) key rather than a chain of ORs (SQLite caps expression depth).
  const checkKey = Prisma.sql`(p."studyVersionId" || '|' || r."itemId")`;
  const attentionSql = checks.length
    ? Prisma.sql`SELECT r."participantId" FROM "Response" r JOIN "Participant" p ON p.id = r."participantId" WHERE ${versions}
        AND r."itemId" IN ${inList([...new Set(checks.map((c) => c.id))])} AND ${checkKey} IN ${inList(checks.map((c) => `${c.versionId}|${c.id}`))}
        AND r.value <> (CASE ${checkKey} ${Prisma.join(checks.map((c) => Prisma.sql`WHEN ${`${c.versionId}|${c.id}`} THEN ${JSON.stringify(c.correct)}`), ' ')} END)`
    : null;
  const fastSql = threshold !== null
    ? Prisma.sql`SELECT p.id AS "participantId" FROM "Participant" p WHERE ${versions} AND p.status = 'completed' AND p."consentedAt" IS NOT NULL AND ${durationSql()} < ${threshold}`
    : null;
  const straightSql = likert.length >= MIN_LIKERT_ITEMS
    ? Prisma.sql`SELECT r."participantId" FROM "Response" r JOIN "Participant" p ON p.id = r."participantId" WHERE ${versions} AND r."itemId" IN ${inList(likert)} AND r.value <> 'null' GROUP BY r."participantId" HAVING COUNT(*) >= ${MIN_LIKERT_ITEMS} AND COUNT(DISTINCT r.value) = 1`
    : null;

  // One query lists who each rule flags (a few hundred short rows); the counts and the union are taken
  // here, and every later aggregation of the request filters on that list, passed as one JSON
  // parameter, instead of re-running the three rules inside each of its queries.
  const tagged = [
    ...(attentionSql ? [Prisma.sql`SELECT 'attention-check' AS rule, "participantId" FROM (${attentionSql}) a`] : []),
    ...(fastSql ? [Prisma.sql`SELECT 'too-fast' AS rule, "participantId" FROM (${fastSql}) f`] : []),
    ...(straightSql ? [Prisma.sql`SELECT 'straight-lining' AS rule, "participantId" FROM (${straightSql}) s`] : []),
  ];
  const flagged = tagged.length
    ? parseRows(z.object({ rule: z.enum(['attention-check', 'too-fast', 'straight-lining']), participantId: z.string() }), await getDb().$queryRaw(Prisma.join(tagged, ' UNION ALL ')))
    : [];
  // Rows per rule, as COUNT(*) over each rule's query: a participant failing two attention checks counts twice there.
  const countOf = (rule: ExclusionRuleId) => flagged.reduce((n, f) => n + (f.rule === rule ? 1 : 0), 0);
  const excludedIds = [...new Set(flagged.map((f) => f.participantId))].sort();
  const [attentionCount, fastCount, straightCount, excluded] = [countOf('attention-check'), countOf('too-fast'), countOf('straight-lining'), excludedIds.length];
  const excludedIdsSql = Prisma.sql`SELECT value AS "participantId" FROM ${jsonEach(Prisma.sql`${JSON.stringify(excludedIds)}`)}`;

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    rules: [
      {
        id: 'attention-check',
        label: 'Failed an attention check',
        rule: attention.length ? `Any answer other than the correct one (or none) to: ${attention.map((i) => `${i.id} (correct: ${correctByVersion(i.id)})`).join(', ')}` : 'No attention checks in this study.',
        count: attentionCount,
        applies: attention.length > 0,
      },
      {
        id: 'too-fast',
        label: 'Completed too fast',
        rule: threshold !== null && median !== null
          ? `Consent to completion under ${seconds(threshold)} (${fraction === DEFAULT_FAST_FRACTION ? 'a third' : `${Math.round(fraction * 100)}%`} of the median, ${seconds(median)})`
          : 'Nobody has completed yet.',
        count: fastCount,
        applies: threshold !== null,
      },
      {
        id: 'straight-lining',
        label: 'Straight-lining',
        rule: likert.length >= MIN_LIKERT_ITEMS
          ? `The same point on every Likert item answered, with at least ${MIN_LIKERT_ITEMS} answered (${likert.join(', ')})`
          : `Needs at least ${MIN_LIKERT_ITEMS} Likert items; this study has ${likert.length}.`,
        count: straightCount,
        applies: likert.length >= MIN_LIKERT_ITEMS,
      },
    ],
    excluded,
    excludedIds,
    medianCompletionMs: median,
    fastThresholdMs: threshold,
    excludedIdsSql,
  };
}

/** `AND p.id NOT IN (…)` when excluded participants are left out; nothing otherwise. */
export function keptFilter(include: IncludeSelection, exclusions: Exclusions): Prisma.Sql {
  return include === 'kept' ? Prisma.sql`AND p.id NOT IN (${exclusions.excludedIdsSql})` : Prisma.empty;
}
