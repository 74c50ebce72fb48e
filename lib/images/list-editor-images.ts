import 'server-only';
// The photos the study editor offers (the face library and the actor's own uploads) and how to show
// every photo the draft names, including another researcher's upload in a shared draft, by name and
// thumbnail rather than by `upload:<sha256>` (issue #16 item 3).
import type { Actor } from '@/lib/auth/roles';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { imageRefsIn, labelImageRefs, thumbnailUrl, type ImageRefInfo } from '@/lib/images/image-ref-labels';
import { listSourceImages } from '@/lib/images/list-source-images';

export interface EditorImages {
  /** References the editor's selects offer, library first. */
  choices: string[];
  /** Label and thumbnail of every offered or referenced photo (null: this actor may not load it). */
  info: Record<string, { label: string; thumbnailUrl: string | null }>;
}

/**
 * `canPreview`: whether the actor may preview this study, which is what lets them load the photos the
 * study refers to (the thumbnail route checks it again); without it they see their own photos only.
 */
export async function listEditorImages(options: { actor: Actor; studyId: string; draft: unknown; canPreview: boolean }): Promise<EditorImages> {
  const { actor } = options;
  const uploads = actor.role === 'analyst' ? [] : (await listSourceImages({ actor })).map((i) => i.ref);
  const choices = [...getFaceLibrary().files.map((f) => `faces:${f}`), ...uploads];
  const offered = new Set(choices);
  const refs = [...choices, ...imageRefsIn(options.draft).filter((r) => !offered.has(r))];
  const labels = await labelImageRefs({ refs, preferOwnerId: actor.id });
  const info: Record<string, ImageRefInfo | { label: string; thumbnailUrl: null }> = {};
  for (const ref of refs) {
    const own = offered.has(ref) && actor.role !== 'analyst';
    const url = options.canPreview ? thumbnailUrl(ref, options.studyId) : own ? thumbnailUrl(ref) : null;
    info[ref] = { label: labels.get(ref) ?? ref, thumbnailUrl: url };
  }
  return { choices, info };
}
