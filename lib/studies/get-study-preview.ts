import 'server-only';
// Preview: the draft (or latest version) exactly as participants would get it, plus the URLs of
// its images on the researcher-only image route. Nothing is stored while previewing.
import { getDb, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createHash } from 'node:crypto';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { imageId, readImageRef, studyImageRefs } from '@/lib/studies/resolve-image';
import { allItems, studySchema, type Study } from '@/lib/studies/study-schema';
import { imageRefsIn, labelImageRefs, thumbnailUrl } from '@/lib/images/image-ref-labels';
import { validateDraft, type FieldIssue } from '@/lib/studies/validate-draft';
import { buildStudySpecs } from '@/lib/stimuli/plan-study-stimuli';
import { enqueueSpec } from '@/lib/stimuli/request-stimulus';
import { predictionLabel } from '@/lib/stimuli/stimulus-status';

async function previewDefinitions(studyId: string, draft: string | null): Promise<unknown[]> {
  const versions = await getDb().studyVersion.findMany({ where: { studyId }, orderBy: { version: 'desc' }, select: { definition: true } });
  return [...(draft ? [JSON.parse(draft)] : []), ...versions.map((v) => JSON.parse(v.definition))];
}

export interface StudyPreviewData {
  study: Study;
  /** Fixed images by reference, generated ones by "<itemId>/<option|context>". */
  imageUrls: Record<string, string>;
  /** The model's prediction per item (once its face is generated), for {prediction}. */
  predictions: Record<string, string>;
  /** Generated images still being computed. */
  pending: number;
  /** Whether this previews the draft (otherwise the latest published version). */
  isDraft: boolean;
  /**
   * The photos the study uses, by name and thumbnail with the items that use them: participants see
   * aligned crops, so this is where the researcher checks which photo each item explains.
   */
  photos: { ref: string; label: string; thumbnailUrl: string; items: string[] }[];
}

async function photosOf(study: Study, studyId: string, actorId: string): Promise<StudyPreviewData['photos']> {
  const items = new Map<string, string[]>();
  for (const item of allItems(study)) for (const ref of imageRefsIn(item)) items.set(ref, [...(items.get(ref) ?? []), item.id]);
  const labels = await labelImageRefs({ refs: [...items.keys()], preferOwnerId: actorId });
  return [...items].map(([ref, ids]) => ({ ref, label: labels.get(ref) ?? ref, thumbnailUrl: thumbnailUrl(ref, studyId), items: ids }));
}

export async function getStudyPreview(options: { actor: Actor; studyId: string }): Promise<StudyPreviewData | { issues: FieldIssue[] }> {
  const row = await findStudyFor(options.actor, options.studyId, 'preview');
  const [first] = await previewDefinitions(row.id, row.draft);
  if (first === undefined) throw new AppError('NOT_FOUND', 'This study has nothing to preview yet.');
  const v = validateDraft(first);
  if (!v.ok) return { issues: v.issues };
  const imageUrls: Record<string, string> = Object.fromEntries(studyImageRefs(v.study).map((ref) => [ref, `/api/studies/${row.id}/images/${imageId(ref)}`]));
  // Previewing asks for the draft's generated images (at a higher priority than publishing), so the
  // researcher sees them appear; nothing is computed twice thanks to content addressing.
  let specs;
  try {
    specs = await buildStudySpecs(v.study, 'draft');
  } catch (e) {
    if (e instanceof AppError) return { issues: [{ path: 'blocks', message: e.message }] };
    throw e;
  }
  const enqueued = await withTransaction(async (tx) => {
    const out: { key: string; stimulusId: string; status: string }[] = [];
    for (const s of specs) out.push({ key: s.key, ...(await enqueueSpec(tx, s.built, { studyId: row.id, priority: 10 })) });
    return out;
  });
  const predictions: Record<string, string> = {};
  for (const e of enqueued) {
    imageUrls[e.key] = `/api/stimuli/${e.stimulusId}`;
    if (e.key.endsWith('/context')) {
      const label = await predictionLabel(e.stimulusId);
      if (label) predictions[e.key.slice(0, -'/context'.length)] = label;
    }
  }
  const photos = await photosOf(v.study, row.id, options.actor.id);
  return { study: v.study, imageUrls, predictions, pending: enqueued.filter((e) => e.status !== 'done').length, isDraft: row.draft !== null, photos };
}

/** An image of the study's draft or of any of its versions, for researchers who may preview it. */
export async function getPreviewImage(options: { actor: Actor; studyId: string; imageId: string }) {
  const row = await findStudyFor(options.actor, options.studyId, 'preview');
  for (const def of await previewDefinitions(row.id, row.draft)) {
    const parsed = studySchema.safeParse(def);
    if (!parsed.success) continue;
    const ref = studyImageRefs(parsed.data).find((r) => imageId(r) === options.imageId);
    if (!ref) continue;
    const image = await readImageRef(ref);
    if (!image) throw new AppError('NOT_FOUND', 'Image file is missing.');
    const { bytes, contentType } = image;
    return { bytes, contentType, etag: createHash('sha256').update(bytes).digest('hex').slice(0, 32) };
  }
  throw new AppError('NOT_FOUND', 'Image not found.');
}
