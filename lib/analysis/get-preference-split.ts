import 'server-only';
// Preference for explanation methods, overall and by background: each participant's answer to the
// preference item joined with their answers to the split items (one Response row each, found through
// the participant+item index), grouped and counted in the database.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isSplitItem } from '@/lib/analysis/item-catalog';
import { analysePreferences, type PreferenceAnalysis } from '@/lib/analysis/preference-table';
import { canonicalAnswer, countSchema, inVersions, parseRows } from '@/lib/analysis/sql-fragments';
import { binaryText, jsonArrayText, joinJsonEach } from '@/lib/analysis/sql-dialect';

const groupSchema = z
  .string()
  .transform((s): unknown => JSON.parse(s))
  .pipe(z.array(z.union([z.string(), z.number().transform(String), z.null()])));

export async function getPreferenceSplit(options: {
  scope: AnalysisScope;
  exclusions: Exclusions;
  include: IncludeSelection;
  itemId: string;
  splitItemIds: readonly string[];
}): Promise<PreferenceAnalysis> {
  const { scope } = options;
  const item = scope.items.find((i) => i.id === options.itemId);
  if (!item || item.options.length === 0) throw new AppError('BAD_INPUT', `"${options.itemId}" is not a choice item of this study.`);
  const splitItems = options.splitItemIds.map((id) => {
    const s = scope.items.find((i) => i.id === id);
    if (!s || !isSplitItem(s)) throw new AppError('BAD_INPUT', `"${id}" is not a background item with fixed answers.`);
    return s;
  });

  // Aliases s0, s1, … are generated here, never taken from input; item ids are parameters.
  const joins = splitItems.map((s, k) => Prisma.sql`LEFT JOIN "Response" ${Prisma.raw(`s${k}`)} ON ${Prisma.raw(`s${k}`)}."participantId" = p.id AND ${Prisma.raw(`s${k}`)}."itemId" = ${s.id}`);
  const groupColumns = splitItems.map((_, k) => canonicalAnswer(Prisma.raw(`s${k}.value`)));
  // The group as JSON text: grouped, sorted and sent as text on both databases.
  const groupSql = jsonArrayText(groupColumns);
  const from = Prisma.sql`FROM "Participant" p JOIN "Response" rp ON rp."participantId" = p.id AND rp."itemId" = ${item.id} ${joins.length ? Prisma.join(joins, ' ') : Prisma.empty}
    WHERE ${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND rp.value <> 'null'`;

  // One pass: participants per group and distinct answer text, then the group sizes as their sums and
  // the choices by json_each over the distinct answers, weighted (same counts as counting every
  // answer and every json_each row, in one pass over the answers instead of two).
  const rows = parseRows(
    z.object({ grp: groupSchema, choice: z.string().nullable(), n: countSchema }),
    await getDb().$queryRaw(Prisma.sql`WITH a AS MATERIALIZED (SELECT ${groupSql} AS grp, rp.value AS value, COUNT(*) AS n ${from} GROUP BY grp, rp.value)
      SELECT grp, choice, n FROM (
        SELECT grp, NULL AS choice, SUM(n) AS n FROM a GROUP BY grp
        UNION ALL
        SELECT a.grp AS grp, CAST(c.value AS TEXT) AS choice, SUM(a.n) AS n FROM a ${joinJsonEach(Prisma.sql`a.value`, 'c')} WHERE c.value IS NOT NULL GROUP BY a.grp, choice
      ) counted ORDER BY choice IS NOT NULL, ${binaryText(Prisma.sql`grp`)}, ${binaryText(Prisma.sql`choice`)}`),
  );
  const counts = rows.flatMap((r) => (r.choice === null ? [] : [{ group: r.grp, choice: r.choice, count: r.n }]));
  const sizes = rows.flatMap((r) => (r.choice === null ? [{ group: r.grp, participants: r.n }] : []));
  return analysePreferences({ item, splitItems, counts, sizes });
}
