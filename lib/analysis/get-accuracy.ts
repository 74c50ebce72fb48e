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
const answerKey = Prisma.sql`(p."studyVersionId" || '|' || r."itemId")`;
const keyOf = (s: AccuracySpec) => `${s.versionId}|${s.itemId}`;
const correctOf = (specs: readonly AccuracySpec[]) =>
  Prisma.sql`CASE WHEN r.value = (CASE ${answerKey} ${Prisma.join(specs.map((s) => Prisma.sql`WHEN ${keyOf(s)} THEN ${JSON.stringify(s.correct)}`), ' ')} END) THEN 1 ELSE 0 END`;

/** One (version, item) key per answer → the index of its group (unit or layer) among `groups`. */
function groupCaseOf(specs: readonly AccuracySpec[], groupOf: (s: AccuracySpec) => string, groups: readonly string[]): Prisma.Sql {
  return Prisma.sql`CASE ${answerKey} ${Prisma.join(specs.map((s) => Prisma.sql`WHEN ${keyOf(s)} THEN ${groups.indexOf(groupOf(s))}`), ' ')} END`;
}

/** k correct of n per participant and group, then how many participants had each (k, n), from the scored answers `s`. */
function participantScoresSql(kind: string, column: 'u' | 'l'): Prisma.Sql {
  return Prisma.sql`SELECT ${kind} AS kind, NULL AS "versionId", NULL AS "itemId", g, k, n, COUNT(*) AS participants FROM (
      SELECT pid, ${Prisma.raw(column)} AS g, SUM(correct) AS k, COUNT(*) AS n FROM s GROUP BY pid, ${Prisma.raw(column)}
    ) scored GROUP BY g, k, n`;
}

export async function getAccuracy(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection }): Promise<AccuracySummary> {
  const specs = accuracySpecsOf(options.scope.versionItems);
  if (specs.length === 0) return { byProbe: [], byLayer: [] };
  const from = Prisma.sql`FROM "Participant" p JOIN "Response" r ON r."participantId" = p.id AND r."itemId" IN ${inList([...new Set(specs.map((s) => s.itemId))])}
      WHERE ${inVersions(options.scope.versionIds)} ${keptFilter(options.include, options.exclusions)} AND r.value <> 'null'
        AND ${answerKey} IN ${inList(specs.map(keyOf))}`;
  const unitGroups = [...new Set(specs.map(unitGroupOf))];
  const layerGroups = [...new Set(specs.map(layerGroupOf))];
  // The scored answers are read once (materialised), then counted three ways: per version and item,
  // and per participant in each unit and in each layer.
  const rows = parseRows(
    z.object({ kind: z.enum(['item', 'unit', 'layer']), versionId: z.string().nullable(), itemId: z.string().nullable(), g: countSchema.nullable(), k: countSchema, n: countSchema, participants: countSchema.nullable() }),
    await getDb().$queryRaw(Prisma.sql`WITH s AS MATERIALIZED (
        SELECT p.id AS pid, p."studyVersionId" AS "versionId", r."itemId" AS "itemId", ${correctOf(specs)} AS correct,
          ${groupCaseOf(specs, unitGroupOf, unitGroups)} AS u, ${groupCaseOf(specs, layerGroupOf, layerGroups)} AS l
        ${from}
      )
      SELECT 'item' AS kind, "versionId", "itemId", NULL AS g, SUM(correct) AS k, COUNT(*) AS n, NULL AS participants FROM s GROUP BY "versionId", "itemId"
      UNION ALL ${participantScoresSql('unit', 'u')}
      UNION ALL ${participantScoresSql('layer', 'l')}`),
  );
  const counts = rows.flatMap((r) => (r.kind === 'item' && r.versionId !== null && r.itemId !== null ? [{ versionId: r.versionId, itemId: r.itemId, correct: r.k, trials: r.n }] : []));
  const scores = (kind: 'unit' | 'layer', groups: readonly string[]): ParticipantScore[] =>
    rows.flatMap((r) => (r.kind === kind ? [{ group: groups[r.g ?? -1] ?? '', correct: r.k, trials: r.n, participants: r.participants ?? 0 }] : []));
  return summariseAccuracy(specs, counts, [...scores('unit', unitGroups), ...scores('layer', layerGroups)]);
}
