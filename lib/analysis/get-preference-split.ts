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
  const joins = splitItems.map((s, k) => Prisma.sql`LEFT JOIN Response ${Prisma.raw(`s${k}`)} ON ${Prisma.raw(`s${k}`)}.participantId = p.id AND ${Prisma.raw(`s${k}`)}.itemId = ${s.id}`);
  const groupColumns = splitItems.map((_, k) => canonicalAnswer(Prisma.raw(`s${k}.value`)));
  const groupSql = groupColumns.length ? Prisma.sql`json_array(${Prisma.join(groupColumns)})` : Prisma.sql`json_array()`;
  const from = Prisma.sql`FROM Participant p JOIN Response rp ON rp.participantId = p.id AND rp.itemId = ${item.id} ${joins.length ? Prisma.join(joins, ' ') : Prisma.empty}
    WHERE ${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND rp.value <> 'null'`;

  const db = getDb();
  const [choiceRows, sizeRows] = await Promise.all([
    db.$queryRaw(Prisma.sql`SELECT grp, choice, COUNT(*) AS n FROM (
        SELECT ${groupSql} AS grp, CAST(c.value AS TEXT) AS choice
        FROM Participant p JOIN Response rp ON rp.participantId = p.id AND rp.itemId = ${item.id} JOIN json_each(rp.value) c
        ${joins.length ? Prisma.join(joins, ' ') : Prisma.empty}
        WHERE ${inVersions(scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND rp.value <> 'null' AND c.value IS NOT NULL
      ) GROUP BY grp, choice`),
    db.$queryRaw(Prisma.sql`SELECT grp, COUNT(*) AS n FROM (SELECT ${groupSql} AS grp ${from}) GROUP BY grp`),
  ]);
  const counts = parseRows(z.object({ grp: groupSchema, choice: z.string(), n: countSchema }), choiceRows).map((r) => ({ group: r.grp, choice: r.choice, count: r.n }));
  const sizes = parseRows(z.object({ grp: groupSchema, n: countSchema }), sizeRows).map((r) => ({ group: r.grp, participants: r.n }));
  return analysePreferences({ item, splitItems, counts, sizes });
}
