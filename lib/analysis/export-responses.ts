import 'server-only';
// Response exports for an analyst's own statistics: tidy long CSV or JSON (one row per answer), a
// per-participant wide CSV, and the codebook. Rows are read in batches of participants and written
// as they are read, so memory stays flat however large the study. Every export is audited. CSV cells
// are neutralised against spreadsheet formulas (csv-line.ts); JSON keeps every value exactly as stored.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { databaseKind, getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';
import { loadAnalysisScope, type AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { computeExclusions, keptFilter, type Exclusions } from '@/lib/analysis/compute-exclusions';
import type { ExportQuery } from '@/lib/analysis/analysis-query-schema';
import { loadProvenanceLookup } from '@/lib/analysis/stimulus-provenance';
import { answerText, buildCodebook, longColumns, makeLongRowWriter, pseudonymOf, wideColumns, type ParticipantInfo, type StoredAnswer } from '@/lib/analysis/export-format';
import { countSchema, inVersions, parseRows } from '@/lib/analysis/sql-fragments';
import { binaryText, epochMs, jsonArray, jsonGroupArray } from '@/lib/analysis/sql-dialect';
import { makeCsvLine } from '@/lib/analysis/csv-line';

/** Participants per batch: ~20 answers each keeps a batch around 5 000 rows, a few MB of text. */
const BATCH = 250;

export type ResponseExport = { fileName: string; contentType: string; body: ReadableStream<Uint8Array> };

const isoSchema = z.union([z.date(), z.string(), z.number(), z.null()]).transform((v) => (v === null ? '' : new Date(v).toISOString()));
// Each participant's answers arrive as one JSON array of [itemId, value, optionOrder, position,
// responseTimeMs, answeredAt] built by the database: one row per participant instead of one per answer
// keeps the driver's per-row cost (the export's bottleneck) out of the loop. answeredAt is SQLite's
// stored text (or epoch ms), and epoch ms on PostgreSQL (whose json would write a timestamp without zone).
const answerTupleSchema = z.tuple([z.string(), z.string(), z.string().nullable(), z.number(), z.number().nullable(), z.union([z.string(), z.number()])]);
const participantRowSchema = z.object({
  id: z.string(),
  studyVersionId: z.string(),
  condition: z.string().nullable(),
  status: z.string(),
  consentedAt: isoSchema,
  completedAt: isoSchema,
  answers: z.string().transform((s): unknown => JSON.parse(s)).pipe(z.array(answerTupleSchema)),
});
type ParticipantRow = z.infer<typeof participantRowSchema>;

type Batch = { participants: ParticipantRow[]; answers: Map<string, StoredAnswer[]> };

const answeredAtText = (v: string | number) => (typeof v === 'number' ? new Date(v).toISOString() : v.replace('+00:00', 'Z'));

/** Batches of participants (keyset on id) with their answers in sequence order. */
async function* readBatches(scope: AnalysisScope, exclusions: Exclusions, include: ExportQuery['include']): AsyncGenerator<Batch> {
  const db = getDb();
  const postgresql = databaseKind() === 'postgresql';
  const answeredAt = postgresql ? epochMs(Prisma.sql`r."answeredAt"`) : Prisma.sql`r."answeredAt"`;
  const answer = jsonArray([Prisma.sql`r."itemId"`, Prisma.sql`r.value`, Prisma.sql`r."optionOrder"`, Prisma.sql`r.position`, Prisma.sql`r."responseTimeMs"`, answeredAt]);
  // Keyset on the id in SQLite's order of text (bytes), so batches and rows come in the same order on both.
  const id = binaryText(Prisma.sql`p.id`);
  let after = '';
  for (;;) {
    const participants = parseRows(
      participantRowSchema,
      await db.$queryRaw(Prisma.sql`SELECT p.id, p."studyVersionId", p.condition, p.status, p."consentedAt", p."completedAt",
          (SELECT ${jsonGroupArray(answer, Prisma.sql`r.position`)}
             FROM (SELECT * FROM "Response" r WHERE r."participantId" = p.id ORDER BY r.position) r) AS answers
        FROM "Participant" p WHERE ${inVersions(scope.versionIds)} ${keptFilter(include, exclusions)} AND p.status <> 'declined' AND ${id} > ${after}
        ORDER BY ${id} LIMIT ${BATCH}`),
    );
    if (participants.length === 0) return;
    after = participants[participants.length - 1]?.id ?? after;
    const answers = new Map<string, StoredAnswer[]>();
    for (const p of participants) {
      answers.set(p.id, p.answers.map(([itemId, value, optionOrder, position, responseTimeMs, answeredAt]) => ({ itemId, value, optionOrder, position, responseTimeMs, answeredAt: answeredAtText(answeredAt) })));
    }
    yield { participants, answers };
  }
}

function toStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** The export rows as text chunks, one chunk per batch; used by the route and the benchmark. */
export async function* exportChunks(options: { scope: AnalysisScope; exclusions: Exclusions; query: ExportQuery }): AsyncGenerator<string> {
  const { scope, exclusions, query } = options;
  const versionOf = new Map(scope.versions.map((v) => [v.id, v.version]));
  const itemById = new Map(scope.items.map((i) => [i.id, i]));
  const background = scope.items.filter((i) => i.background);
  const excluded = new Set(exclusions.excludedIds);
  const info = (p: ParticipantRow, answers: StoredAnswer[]): ParticipantInfo => ({
    pseudonym: pseudonymOf(scope.study.id, p.id),
    version: versionOf.get(p.studyVersionId) ?? 0,
    condition: p.condition,
    status: p.status,
    excluded: excluded.has(p.id),
    background: new Map(answers.filter((a) => itemById.get(a.itemId)?.background).map((a) => [a.itemId, answerText(a.value)])),
  });

  const csvLine = makeCsvLine();
  if (query.format === 'wide') {
    const columns = wideColumns(scope.items).map((c) => c.name);
    yield csvLine(columns);
    for await (const batch of readBatches(scope, exclusions, query.include)) {
      const records = batch.participants.map((p) => {
        const answers = batch.answers.get(p.id) ?? [];
        const i = info(p, answers);
        const row: Record<string, string | number | boolean> = { participant: i.pseudonym, study_version: i.version, condition: i.condition ?? '', status: i.status, excluded: i.excluded, consented_at: p.consentedAt, completed_at: p.completedAt };
        for (const a of answers) {
          row[a.itemId] = answerText(a.value);
          row[`${a.itemId}__ms`] = a.responseTimeMs ?? '';
        }
        return row;
      });
      yield records.map((r) => csvLine(columns.map((c) => r[c] ?? ''))).join('');
    }
    return;
  }

  const columns = longColumns(background).map((c) => c.name);
  const writeRow = makeLongRowWriter({ items: scope.items, background, versionItems: scope.versionItems, provenanceOf: await loadProvenanceLookup(scope.versions.filter((v) => scope.versionIds.includes(v.id))) });
  const json = query.format === 'json';
  yield json ? '[' : csvLine(columns);
  let first = true;
  for await (const batch of readBatches(scope, exclusions, query.include)) {
    const out: string[] = [];
    for (const p of batch.participants) {
      const answers = batch.answers.get(p.id) ?? [];
      const participant = info(p, answers);
      // Pages are acknowledgements, not answers (and not in the catalog): they stay out of the rows.
      for (const answer of answers) {
        if (!itemById.has(answer.itemId)) continue;
        const values = writeRow(participant, answer);
        out.push(json ? JSON.stringify(Object.fromEntries(columns.map((c, k) => [c, values[k] ?? '']))) : csvLine(values));
      }
    }
    if (out.length === 0) continue;
    if (json) {
      yield (first ? '\n' : ',\n') + out.join(',\n');
      first = false;
    } else {
      yield out.join('');
    }
  }
  if (json) yield '\n]\n';
}

/** Opens an export the actor may download; the audit event is written before any row is sent. */
export async function exportResponses(options: { actor: Actor; studyId: string; query: ExportQuery }): Promise<ResponseExport> {
  const { actor, query } = options;
  const scope = await loadAnalysisScope({ actor, studyId: options.studyId, version: query.version, permission: 'export' });
  const exclusions = await computeExclusions({ scope });
  const [count] = parseRows(z.object({ n: countSchema }), await getDb().$queryRaw(Prisma.sql`SELECT COUNT(*) AS n FROM "Participant" p WHERE ${inVersions(scope.versionIds)} ${keptFilter(query.include, exclusions)} AND p.status <> 'declined'`));
  await recordAudit(getDb(), { actor, action: 'results.export', studyId: scope.study.id, detail: { format: query.format, version: query.version, include: query.include, participants: count?.n ?? 0 } });

  const base = `${scope.study.slug}-${query.version === 'pooled' ? 'all-versions' : `v${query.version}`}${query.include === 'kept' ? '-kept' : ''}`;
  if (query.format === 'codebook') {
    const analysed = scope.versions.filter((v) => scope.versionIds.includes(v.id));
    const codebook = buildCodebook({ study: { slug: scope.study.slug, title: scope.study.title }, versions: analysed.map((v) => v.version), items: scope.items, versionItems: scope.versionItems, exclusionRules: exclusions.rules, provenanceOf: await loadProvenanceLookup(analysed) });
    const text = JSON.stringify(codebook, null, 2);
    return { fileName: `${base}-codebook.json`, contentType: 'application/json; charset=utf-8', body: new Response(text).body ?? new ReadableStream() };
  }
  const chunks = exportChunks({ scope, exclusions, query });
  if (query.format === 'json') return { fileName: `${base}-responses.json`, contentType: 'application/json; charset=utf-8', body: toStream(chunks) };
  return { fileName: `${base}-${query.format === 'wide' ? 'participants-wide' : 'responses-long'}.csv`, contentType: 'text/csv; charset=utf-8', body: toStream(chunks) };
}
