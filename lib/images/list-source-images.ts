import 'server-only';
// The image library: a researcher sees the photos they uploaded, an admin sees every upload.
// Ownership is part of the query, not a filter applied afterwards.
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

export async function listSourceImages(options: { actor: Actor }): Promise<SourceImageSummary[]> {
  assertMayUseImages(options.actor);
  const rows = await getDb().sourceImage.findMany({
    where: options.actor.role === 'admin' ? {} : { uploadedById: options.actor.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: { id: true, originalName: true, mimeType: true, width: true, height: true, byteSize: true, faceCount: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, ref: uploadRef(row.id) }));
}
