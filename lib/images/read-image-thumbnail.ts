import 'server-only';
// A small JPEG of a face photo, so editor, preview and review pages can show which photo a reference
// names (issue #16 item 3) without sending a 15 MB upload to draw a 4 rem square.
// Who may see one: researchers and admins see the face library and their own uploads (what the
// editor offers them); anyone who may preview a study sees the photos that study refers to, so a
// collaborator sees the owner's upload the draft uses. Everyone else gets "not found", as for a
// reference nothing answers to, so the answer does not reveal that someone has the photo.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { findStudyFor } from '@/lib/auth/study-access';
import { MAX_IMAGE_PIXELS } from '@/lib/images/check-image-file';
import { imageRefsIn } from '@/lib/images/image-ref-labels';
import { readImageRef } from '@/lib/studies/resolve-image';
import { imageRefSchema } from '@/lib/studies/study-schema';

/** Twice the largest size pages draw it at (5 rem), for sharp screens. */
const THUMBNAIL_PX = 160;

export const thumbnailQuerySchema = z.object({ ref: imageRefSchema, study: z.string().min(1).max(100).optional() });

const notFound = () => new AppError('NOT_FOUND', 'Image not found.');

async function studyRefersTo(actor: Actor, studyId: string, ref: string): Promise<boolean> {
  let study;
  try {
    study = await findStudyFor(actor, studyId, 'preview');
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return false;
    throw e;
  }
  const versions = await getDb().studyVersion.findMany({ where: { studyId: study.id }, select: { definition: true } });
  return [study.draft, ...versions.map((v) => v.definition)].some((json) => json !== null && imageRefsIn(JSON.parse(json)).includes(ref));
}

async function mayView(actor: Actor, ref: string, studyId: string | undefined): Promise<boolean> {
  if (actor.role !== 'analyst') {
    if (ref.startsWith('faces:')) return true;
    if (ref.startsWith('upload:')) {
      if (actor.role === 'admin') return true;
      const own = await getDb().sourceImageOwner.count({ where: { imageId: ref.slice('upload:'.length), ownerId: actor.id } });
      if (own > 0) return true;
    }
  }
  return studyId !== undefined && studyRefersTo(actor, studyId, ref);
}

export async function readImageThumbnail(options: { actor: Actor; ref: string; studyId?: string }): Promise<{ bytes: Buffer; etag: string }> {
  const ref = imageRefSchema.safeParse(options.ref);
  if (!ref.success || !(await mayView(options.actor, ref.data, options.studyId))) throw notFound();
  const image = await readImageRef(ref.data).catch(() => null);
  if (!image) throw notFound();
  // rotate(): follow the EXIF orientation, as the photo is shown everywhere else.
  const bytes = await sharp(image.bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
    .rotate()
    .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer()
    .catch(() => {
      throw notFound();
    });
  return { bytes, etag: createHash('sha256').update(bytes).digest('hex').slice(0, 32) };
}
