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

// One (version, item) key per answer, and flat CASE lists over it: a long chain of ORs would hit
// SQLite's expression depth limit (1000) in a pooled study with many trials.
const answerKey = Prisma.sql`(p.studyVersionId || '|' || r.itemId)`;
const keyOf = (s: AccuracySpec) => `${s.versionId}|${s.itemId}`;
const correctOf = (specs: readonly AccuracySpec[]) =>
  Prisma.sql`CASE WHEN r.value = (CASE ${answerKey} ${Prisma.join(specs.map((s) => Prisma.sql`WHEN ${keyOf(s)} THEN ${JSON.stringify(s.correct)}`), ' ')} END) THEN 1 ELSE 0 END`;

/** k correct of n per participant and group, then how many participants had each (k, n). */
async function participantScores(specs: readonly AccuracySpec[], groupOf: (s: AccuracySpec) => string, from: Prisma.Sql): Promise<ParticipantScore[]> {
  const groups = [...new Set(specs.map(groupOf))];
  const groupCase = Prisma.sql`CASE ${answerKey} ${Prisma.join(specs.map((s) => Prisma.sql`WHEN ${keyOf(s)} THEN ${groups.indexOf(groupOf(s))}`), ' ')} END`;
  const correctCase = correctOf(specs);
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
        AND ${answerKey} IN ${inList(specs.map(keyOf))}`;
  const [counts, units, layers] = await Promise.all([
    getDb().$queryRaw(Prisma.sql`SELECT p.studyVersionId AS versionId, r.itemId AS itemId, SUM(${correctOf(specs)}) AS correct, COUNT(*) AS trials
      ${from} GROUP BY p.studyVersionId, r.itemId`),
    participantScores(specs, unitGroupOf, from),
    participantScores(specs, layerGroupOf, from),
  ]);
  const rows = parseRows(z.object({ versionId: z.string(), itemId: z.string(), correct: countSchema, trials: countSchema }), counts);
  return summariseAccuracy(specs, rows, [...units, ...layers]);
}
