import 'server-only';
// The bytes of one uploaded image, for a researcher who uploaded it and for admins. Knowing the hash
// is not enough: it travels in study files and `upload:` references others may see. Anyone else gets
// the same "not found" as for a hash nobody uploaded, so the answer does not reveal that another
// researcher has the photo. The row gives the content type: it was sniffed from the bytes at upload,
// never taken from the uploader.
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { assertMayUseImages } from '@/lib/images/image-access';
import { findUploadKey, sourceImageIdSchema } from '@/lib/images/source-image-path';
import { getBlobStore } from '@/lib/storage/blob-store';

export async function readSourceImage(options: { actor: Actor; id: string }): Promise<{ bytes: Buffer; mimeType: string; etag: string }> {
  assertMayUseImages(options.actor);
  const id = sourceImageIdSchema.safeParse(options.id);
  if (!id.success) throw new AppError('NOT_FOUND', 'Image not found.');
  const owned = options.actor.role === 'admin' ? {} : { owners: { some: { ownerId: options.actor.id } } };
  const row = await getDb().sourceImage.findFirst({ where: { id: id.data, ...owned }, select: { mimeType: true } });
  if (!row) throw new AppError('NOT_FOUND', 'Image not found.');
  const key = await findUploadKey({ ref: id.data });
  const bytes = await getBlobStore().get(key).catch(() => null);
  if (!bytes) throw new AppError('NOT_FOUND', 'The image file is missing.');
  return { bytes, mimeType: row.mimeType, etag: id.data };
}
