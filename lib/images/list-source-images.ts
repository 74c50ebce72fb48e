import 'server-only';
// The image library: a researcher sees the photos they uploaded (their own SourceImageOwner rows, with
// the name and time of their own upload, even when someone else uploaded the same bytes first); an
// admin sees every stored image once. Ownership is part of the query, not a filter applied afterwards.
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { assertMayUseImages } from '@/lib/images/image-access';
import { uploadRef, type UploadRef } from '@/lib/images/source-image-path';

export interface SourceImageSummary {
  id: string;
  ref: UploadRef;
  originalName: string | null;
  mimeType: string;
  width: number;
  height: number;
  byteSize: number;
  faceCount: number;
  createdAt: Date;
}

const contentSelect = { id: true, mimeType: true, width: true, height: true, byteSize: true, faceCount: true } as const;

export async function listSourceImages(options: { actor: Actor }): Promise<SourceImageSummary[]> {
  assertMayUseImages(options.actor);
  if (options.actor.role === 'admin') {
    const rows = await getDb().sourceImage.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      select: { ...contentSelect, createdAt: true, owners: { orderBy: { createdAt: 'asc' }, take: 1, select: { originalName: true } } },
    });
    return rows.map(({ owners, ...row }) => ({ ...row, originalName: owners[0]?.originalName ?? null, ref: uploadRef(row.id) }));
  }
  const rows = await getDb().sourceImageOwner.findMany({
    where: { ownerId: options.actor.id },
    orderBy: [{ createdAt: 'desc' }, { imageId: 'asc' }],
    select: { originalName: true, createdAt: true, image: { select: contentSelect } },
  });
  return rows.map(({ image, originalName, createdAt }) => ({ ...image, originalName, createdAt, ref: uploadRef(image.id) }));
}
