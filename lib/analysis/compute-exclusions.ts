import 'server-only';
// Exclusion rules, each computed in the database and shown with its rule and count: failed any
// attention check; finished in under a fraction of the median completion time; gave the same answer
// to every Likert item (at least three). The rules yield one SQL subquery of excluded participants,
// so every other aggregation can leave them out without loading ids into JavaScript.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { countSchema, epochMs, inList, inVersions, nullableNumberSchema, parseRows } from '@/lib/analysis/sql-fragments';

export type ExclusionRuleId = 'attention-check' | 'too-fast' | 'straight-lining';
export type ExclusionRule = { id: ExclusionRuleId; label: string; rule: string; count: number; applies: boolean };
export type Exclusions = {
  rules: ExclusionRule[];
  /** Participants flagged by at least one rule. */
  excluded: number;
  medianCompletionMs: number | null;
  fastThresholdMs: number | null;
  /** SELECT of excluded participant ids, for `p.id NOT IN (…)`. */
  excludedIdsSql: Prisma.Sql;
};

/** A third of the median: fast enough to be implausible, slow enough to spare quick readers. */
export const DEFAULT_FAST_FRACTION = 1 / 3;
const MIN_LIKERT_ITEMS = 3;

const durationSql = Prisma.sql`(${epochMs(Prisma.sql`p.completedAt`)} - ${epochMs(Prisma.sql`p.consentedAt`)})`;

async function medianCompletionMs(scope: AnalysisScope): Promise<number | null> {
  const db = getDb();
  const where = Prisma.sql`${inVersions(scope.versionIds)} AND p.status = 'completed' AND p.consentedAt IS NOT NULL AND p.completedAt IS NOT NULL`;
  const [countRow] = parseRows(z.object({ n: countSchema }), await db.$queryRaw`SELECT COUNT(*) AS n FROM Participant p WHERE ${where}`);
  const n = countRow?.n ?? 0;
  if (n === 0) return null;
  // SQLite has no median aggregate: sort in the database and read the middle one or two rows.
  const rows = parseRows(
    z.object({ d: nullableNumberSchema }),
    await db.$queryRaw`SELECT ${durationSql} AS d FROM Participant p WHERE ${where} ORDER BY d LIMIT ${n % 2 ? 1 : 2} OFFSET ${Math.floor((n - 1) / 2)}`,
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
  const checkKey = Prisma.sql`(p.studyVersionId || '|' || r.itemId)`;
  const attentionSql = checks.length
    ? Prisma.sql`SELECT r.participantId FROM Response r JOIN Participant p ON p.id = r.participantId WHERE ${versions}
        AND ${checkKey} IN ${inList(checks.map((c) => `${c.versionId}|${c.id}`))}
        AND r.value <> (CASE ${checkKey} ${Prisma.join(checks.map((c) => Prisma.sql`WHEN ${`${c.versionId}|${c.id}`} THEN ${JSON.stringify(c.correct)}`), ' ')} END)`
    : null;
  const fastSql = threshold !== null
    ? Prisma.sql`SELECT p.id AS participantId FROM Participant p WHERE ${versions} AND p.status = 'completed' AND p.consentedAt IS NOT NULL AND ${durationSql} < ${threshold}`
    : null;
  const straightSql = likert.length >= MIN_LIKERT_ITEMS
    ? Prisma.sql`SELECT r.participantId FROM Response r JOIN Participant p ON p.id = r.participantId WHERE ${versions} AND r.itemId IN ${inList(likert)} AND r.value <> 'null' GROUP BY r.participantId HAVING COUNT(*) >= ${MIN_LIKERT_ITEMS} AND COUNT(DISTINCT r.value) = 1`
    : null;

  const parts = [attentionSql, fastSql, straightSql].filter((s): s is Prisma.Sql => s !== null);
  const excludedIdsSql = parts.length ? Prisma.join(parts, ' UNION ') : Prisma.sql`SELECT NULL AS participantId WHERE 0`;
  const count = async (sql: Prisma.Sql | null): Promise<number> => {
    if (!sql) return 0;
    const [row] = parseRows(z.object({ n: countSchema }), await getDb().$queryRaw`SELECT COUNT(*) AS n FROM (${sql})`);
    return row?.n ?? 0;
  };
  const [attentionCount, fastCount, straightCount, excluded] = await Promise.all([count(attentionSql), count(fastSql), count(straightSql), count(parts.length ? excludedIdsSql : null)]);

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
    medianCompletionMs: median,
    fastThresholdMs: threshold,
    excludedIdsSql,
  };
}

/** `AND p.id NOT IN (…)` when excluded participants are left out; nothing otherwise. */
export function keptFilter(include: IncludeSelection, exclusions: Exclusions): Prisma.Sql {
  return include === 'kept' ? Prisma.sql`AND p.id NOT IN (${exclusions.excludedIdsSql})` : Prisma.empty;
}
