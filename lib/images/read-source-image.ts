import 'server-only';
// The bytes of one uploaded image, for researchers and admins (study authors pick images by their
// `upload:` reference, so any researcher may view one whose hash they know). The row gives the
// content type: it was sniffed from the bytes at upload, never taken from the uploader.
import fs from 'node:fs/promises';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { assertMayUseImages } from '@/lib/images/image-access';
import { sourceImageIdSchema, sourceImagePath } from '@/lib/images/source-image-path';

export async function readSourceImage(options: { actor: Actor; id: string }): Promise<{ bytes: Buffer; mimeType: string; etag: string }> {
  assertMayUseImages(options.actor);
  const id = sourceImageIdSchema.safeParse(options.id);
  if (!id.success) throw new AppError('NOT_FOUND', 'Image not found.');
  const row = await getDb().sourceImage.findUnique({ where: { id: id.data }, select: { mimeType: true } });
  if (!row) throw new AppError('NOT_FOUND', 'Image not found.');
  const file = sourceImagePath({ ref: id.data });
  const bytes = await fs.readFile(file).catch(() => {
    throw new AppError('NOT_FOUND', 'The image file is missing.');
  });
  return { bytes, mimeType: row.mimeType, etag: id.data };
}
