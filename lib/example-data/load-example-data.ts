import 'server-only';
// Loads the example respondents into a study of their own: a copy of a published study (by default the
// default study) under "<slug>-example", titled "… (example data)", marked `source: 'example'` and
// closed, so generated answers are never mixed into a real study's data and nobody can join it. Rows go
// into the tables the participant path writes (Participant, Response; lib/participation/decide-consent.ts
// and record-response.ts), in one transaction. Idempotent: respondents are keyed by their external id
// (example-001 …, unique per study), so a second run adds nothing; respondents already loaded keep
// their answers even if the source study has changed since (they answered that version).
import { createHash } from 'node:crypto';
import { getDb, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getLatestStudyVersion } from '@/lib/studies/get-study-version';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { studySchema, type Study } from '@/lib/studies/study-schema';
import { buildExampleParticipants, EXAMPLE_ID_PREFIX, type ExampleParticipant } from '@/lib/example-data/build-example-participants';

/** `Study.source` of example-data studies (next to "file" and "ui"). */
export const EXAMPLE_STUDY_SOURCE = 'example';
/** The default study (studies/face-explanations.ts), whose survey the example composition comes from. */
export const EXAMPLE_SOURCE_SLUG = 'face-explanations';
export const DEFAULT_EXAMPLE_SEED = 1;

export function exampleStudyOf(study: Study): Study {
  return studySchema.parse({ ...study, slug: `${study.slug.slice(0, 55)}-example`, title: `${study.title} (example data)` });
}

/** Response keys are unique across the database: derived from study, respondent and item, so a rerun finds the same ones. */
function idempotencyKey(slug: string, externalId: string, itemId: string): string {
  const h = createHash('sha256').update(`example-data|${slug}|${externalId}|${itemId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function participantRow(p: ExampleParticipant, ids: { studyId: string; studyVersionId: string }) {
  return {
    ...ids, status: 'completed', condition: p.condition, seed: p.seed, externalId: p.externalId, completionCode: p.completionCode,
    startedAt: p.startedAt, consentedAt: p.consentedAt, completedAt: p.completedAt, lastSeenAt: p.completedAt,
  };
}

export async function loadExampleData(options: { sourceSlug?: string; seed?: number } = {}): Promise<{ studyId: string; title: string; created: number; participants: number }> {
  const source = await getLatestStudyVersion({ slug: options.sourceSlug ?? EXAMPLE_SOURCE_SLUG });
  const study = exampleStudyOf(source.definition);
  const db = getDb();
  const taken = await db.study.findUnique({ where: { slug: study.slug } });
  if (taken && taken.source !== EXAMPLE_STUDY_SOURCE) {
    throw new AppError('CONFLICT', `The address "${study.slug}" belongs to a real study; example data are only loaded into a study of their own.`);
  }
  const sourceOwner = await db.study.findUnique({ where: { id: source.studyId }, select: { ownerId: true } });
  const published = await publishStudyVersion({
    study,
    onPublished: async (tx, r) => {
      await tx.study.update({ where: { id: r.studyId }, data: { source: EXAMPLE_STUDY_SOURCE, status: 'closed', ownerId: taken?.ownerId ?? sourceOwner?.ownerId ?? null } });
    },
  });
  const people = buildExampleParticipants({ study, seed: options.seed ?? DEFAULT_EXAMPLE_SEED });
  const created = await withTransaction(async (tx) => {
    const loaded = await tx.participant.findMany({ where: { studyId: published.studyId, externalId: { startsWith: EXAMPLE_ID_PREFIX } }, select: { externalId: true } });
    const have = new Set(loaded.map((p) => p.externalId));
    let n = 0;
    for (const p of people) {
      if (have.has(p.externalId)) continue;
      const row = await tx.participant.create({ data: participantRow(p, { studyId: published.studyId, studyVersionId: published.versionId }), select: { id: true } });
      await tx.response.createMany({
        data: p.responses.map((r) => ({
          participantId: row.id, itemId: r.itemId, value: JSON.stringify(r.value), optionOrder: r.optionOrder ? JSON.stringify(r.optionOrder) : null,
          position: r.position, responseTimeMs: r.responseTimeMs, idempotencyKey: idempotencyKey(study.slug, p.externalId, r.itemId), answeredAt: r.answeredAt,
        })),
      });
      n++;
    }
    return n;
  });
  const participants = await db.participant.count({ where: { studyId: published.studyId } });
  return { studyId: published.studyId, title: study.title, created, participants };
}
