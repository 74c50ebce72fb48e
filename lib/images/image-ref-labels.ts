import 'server-only';
// How researchers see an image reference. A study stores `upload:<sha256>`, which told nobody which
// photo it was (issue #16 item 3); pages show the file's name and a thumbnail instead. Callers pass only
// references the actor may see: their own uploads and the face library, or the references of a study
// they may open.
import { getDb } from '@/lib/db';
import { imageRefSchema } from '@/lib/studies/study-schema';

export interface ImageRefInfo {
  /** e.g. "portrait.jpg (upload 3f2a9c1b)", "faces:01_pd_nasa_eileen_collins.jpg". */
  label: string;
  /** A small JPEG of the photo (app/api/images/thumbnail), for anyone who may open the study. */
  thumbnailUrl: string;
}

/**
 * Every image reference in a study definition or draft, wherever it sits (the faces explanations are
 * generated from, fixed option and context images). Drafts may be invalid, so any `image` or `src`
 * string that is a well-formed reference counts.
 */
export function imageRefsIn(definition: unknown): string[] {
  const refs = new Set<string>();
  const walk = (value: unknown, key: string | null) => {
    if (typeof value === 'string') {
      if ((key === 'image' || key === 'src') && imageRefSchema.safeParse(value).success) refs.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, null);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(definition, null);
  return [...refs];
}

export function thumbnailUrl(ref: string, studyId?: string): string {
  return `/api/images/thumbnail?ref=${encodeURIComponent(ref)}${studyId ? `&study=${encodeURIComponent(studyId)}` : ''}`;
}

/**
 * Labels by reference. An upload is named by the file name its uploader gave it, preferring the
 * actor's own upload of the same bytes, with the start of its hash because two files may share a name.
 */
export async function labelImageRefs(options: { refs: readonly string[]; preferOwnerId?: string }): Promise<Map<string, string>> {
  const uploads = options.refs.filter((r) => r.startsWith('upload:')).map((r) => r.slice('upload:'.length));
  const rows = uploads.length
    ? await getDb().sourceImageOwner.findMany({ where: { imageId: { in: uploads } }, orderBy: { createdAt: 'asc' }, select: { imageId: true, ownerId: true, originalName: true } })
    : [];
  const names = new Map<string, string>();
  for (const r of rows) {
    if (!r.originalName) continue;
    if (!names.has(r.imageId) || r.ownerId === options.preferOwnerId) names.set(r.imageId, r.originalName);
  }
  const labels = new Map<string, string>();
  for (const ref of options.refs) {
    const [scheme, rest = ''] = ref.split(/:(.*)/s);
    if (scheme === 'upload') labels.set(ref, `${names.get(rest) ?? 'Uploaded photo'} (upload ${rest.slice(0, 8)})`);
    // faces:<file> and stimuli:<path> already name their file, as study files write them.
    else labels.set(ref, ref);
  }
  return labels;
}

/** Label and thumbnail of each reference; thumbnails are served in the context of `studyId` when given. */
export async function describeImageRefs(options: { refs: readonly string[]; preferOwnerId?: string; studyId?: string }): Promise<Record<string, ImageRefInfo>> {
  const labels = await labelImageRefs(options);
  return Object.fromEntries([...labels].map(([ref, label]) => [ref, { label, thumbnailUrl: thumbnailUrl(ref, options.studyId) }]));
}
