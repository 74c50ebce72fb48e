import 'server-only';
// Intruder accuracy: correct and total answers per version and item, and per participant the tally in
// each unit and layer, all counted in the database; then pooled and tested against chance
// (lib/analysis/accuracy-stats.ts).
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { accuracySpecsOf, layerGroupOf, summariseAccuracy, unitGroupOf, type AccuracySpec, type AccuracySummary, type ParticipantScore } from '@/lib/analysis/accuracy-stats';
import { countSchema, inList, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

const isSpec = (s: AccuracySpec) => Prisma.sql`(p.studyVersionId = ${s.versionId} AND r.itemId = ${s.itemId})`;

/** k correct of n per participant and group, then how many participants had each (k, n). */
async function participantScores(specs: readonly AccuracySpec[], groupOf: (s: AccuracySpec) => string, from: Prisma.Sql): Promise<ParticipantScore[]> {
  const groups = [...new Set(specs.map(groupOf))];
  const groupCase = Prisma.sql`CASE ${Prisma.join(specs.map((s) => Prisma.sql`WHEN ${isSpec(s)} THEN ${groups.indexOf(groupOf(s))}`), ' ')} END`;
  const correctCase = Prisma.sql`CASE WHEN ${Prisma.join(specs.map((s) => Prisma.sql`(${isSpec(s)} AND r.value = ${JSON.stringify(s.correct)})`), ' OR ')} THEN 1 ELSE 0 END`;
  const rows = parseRows(
    z.object({ g: countSchema, k: countSchema, n: countSchema, participants: countSchema }),
    await getDb().$queryRaw(Prisma.sql`SELECT g, k, n, COUNT(*) AS participants FROM (
        SELECT p.id AS pid, ${groupCase} AS g, SUM(${correctCase}) AS k, COUNT(*) AS n ${from} GROUP BY pid, g
      ) GROUP BY g, k, n`),
  );
  return rows.map((r) => ({ group: groups[r.g] ?? '', correct: r.k, trials: r.n, participants: r.participants }));
}

export async function getAccuracy(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<AccuracySummary> {
  const specs = accuracySpecsOf(options.scope.versionItems);
  if (specs.length === 0) return { byProbe: [], byLayer: [] };
  const from = Prisma.sql`FROM Participant p JOIN Response r ON r.participantId = p.id AND r.itemId IN ${inList([...new Set(specs.map((s) => s.itemId))])}
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'
        AND (${Prisma.join(specs.map(isSpec), ' OR ')})`;
  const isCorrect = Prisma.join(specs.map((s) => Prisma.sql`(${isSpec(s)} AND r.value = ${JSON.stringify(s.correct)})`), ' OR ');
  const [counts, units, layers] = await Promise.all([
    getDb().$queryRaw(Prisma.sql`SELECT p.studyVersionId AS versionId, r.itemId AS itemId, SUM(CASE WHEN ${isCorrect} THEN 1 ELSE 0 END) AS correct, COUNT(*) AS trials
      ${from} GROUP BY p.studyVersionId, r.itemId`),
    participantScores(specs, unitGroupOf, from),
    participantScores(specs, layerGroupOf, from),
  ]);
  const rows = parseRows(z.object({ versionId: z.string(), itemId: z.string(), correct: countSchema, trials: countSchema }), counts);
  return summariseAccuracy(specs, rows, [...units, ...layers]);
}
