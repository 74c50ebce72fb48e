import 'server-only';
// A researcher's face photo becomes a source image in their library. Checks run cheapest first, so a
// hostile file is refused before it costs anything: byte size, then the shared file check (type from
// the magic bytes, pixel count from the header alone, so a decompression bomb is never decoded), then
// a decode with EXIF orientation applied, then face detection. Only a photo that passes everything is
// written, once, under the hash of its bytes; a failure anywhere leaves neither a file nor a row behind.
//
// The bytes are stored once whoever uploads them, but the library is per researcher: each uploader
// gets their own SourceImageOwner row. A researcher's first upload of bytes that someone else already
// has runs every check and answers exactly like a new upload (201, created: true), so neither the
// answer nor its timing tells them another researcher has the same photo; only their own repeat
// answers 200, created: false.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getDb, isUniqueViolation, withTransaction, type Tx } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';
import { initBackend } from '@/lib/explainers/backend';
import { decodeImage, type RgbImage } from '@/lib/explainers/faces/decode-image';
import { detectFaces } from '@/lib/explainers/faces/detect-faces';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { assertMayUseImages } from '@/lib/images/image-access';
import { checkImageFile, MAX_IMAGE_PIXELS, unreadableImageError } from '@/lib/images/check-image-file';
import type { AcceptedImageType } from '@/lib/images/sniff-image-type';
import { uploadKey, uploadRef, type UploadRef } from '@/lib/images/source-image-path';
import { getBlobStore } from '@/lib/storage/blob-store';

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

const uploadInputSchema = z.object({
  // Only the last path segment is kept: browsers send a bare name, but nothing guarantees it.
  fileName: z.string().transform((n) => n.split(/[\\/]/).pop()?.trim().slice(0, 255) || null),
  bytes: z.instanceof(Uint8Array),
});

export interface UploadedSourceImage {
  id: string;
  ref: UploadRef;
  width: number;
  height: number;
  faceCount: number;
  /** false when this researcher had already uploaded these exact bytes (nothing new was stored). */
  created: boolean;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The refusal for a body that is too large, also used by the route before it reads the body. */
export function uploadTooLargeError(byteSize: number): AppError {
  return new AppError('TOO_LARGE', `This file is ${megabytes(byteSize)}; the limit is ${megabytes(MAX_UPLOAD_BYTES)}.`);
}

type StoredImage = { id: string; width: number; height: number; faceCount: number };

export async function uploadSourceImage(options: { actor: Actor; fileName: string; bytes: Uint8Array }): Promise<UploadedSourceImage> {
  const { actor } = options;
  assertMayUseImages(actor);
  const input = uploadInputSchema.parse({ fileName: options.fileName, bytes: options.bytes });
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  // The byte limit is the upload's own (the body crossed the network); the rest is shared with the CLI.
  if (bytes.length > MAX_UPLOAD_BYTES) throw uploadTooLargeError(bytes.length);
  const checked = await checkImageFile({ bytes });

  const id = createHash('sha256').update(bytes).digest('hex');
  // This researcher's own repeat: they know they have it, so answer without decoding or detecting again.
  const own = await findOwned(getDb(), id, actor.id);
  if (own) return reportRepeat(actor, own, input.fileName);

  // Everything else (new bytes, or bytes someone else uploaded) runs every check, so the answer and its
  // timing are the same either way.
  const image = await decodeChecked(bytes, checked.type);
  const faceCount = await countFaces(image);
  const content = { id, mimeType: checked.mimeType, width: image.width, height: image.height, byteSize: bytes.length, faceCount };

  const key = uploadKey({ id, extension: checked.extension });
  const store = getBlobStore();
  // Content addressed: rewriting a file that exists replaces it with identical bytes. The store writes
  // whole files only (temporary file and rename, or one row), so a reader never sees half a photo.
  const fileExisted = await store.has(key);
  await store.put(key, bytes);
  let outcome: { created: boolean; image: StoredImage };
  try {
    outcome = await storeOwnership({ actor, content, originalName: input.fileName });
  } catch (error) {
    // Keep the file if it was there before or a row (someone's concurrent upload) now refers to it.
    const referenced = await getDb().sourceImage.findUnique({ where: { id }, select: { id: true } }).catch(() => null);
    if (!fileExisted && !referenced) await store.delete(key);
    throw error;
  }
  if (!outcome.created) return reportRepeat(actor, outcome.image, input.fileName);
  return { ...summary(outcome.image), created: true };
}

function summary(row: StoredImage): Omit<UploadedSourceImage, 'created'> {
  return { id: row.id, ref: uploadRef(row.id), width: row.width, height: row.height, faceCount: row.faceCount };
}

async function findOwned(db: Pick<Tx, 'sourceImageOwner'>, imageId: string, ownerId: string): Promise<StoredImage | null> {
  const row = await db.sourceImageOwner.findUnique({
    where: { imageId_ownerId: { imageId, ownerId } },
    select: { image: { select: { id: true, width: true, height: true, faceCount: true } } },
  });
  return row?.image ?? null;
}


/**
 * The content row (when these bytes are new), this researcher's owner row and the audit event, in one
 * transaction. Concurrent uploads of the same bytes race on the two primary keys: the loser retries
 * and then finds the winner's rows (another researcher's content row, or its own owner row from a
 * double submit, which makes this upload a repeat).
 */
async function storeOwnership(options: {
  actor: Actor; content: StoredImage & { mimeType: string; byteSize: number }; originalName: string | null;
}): Promise<{ created: boolean; image: StoredImage }> {
  const { actor, content, originalName } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTransaction(async (tx) => {
        const own = await findOwned(tx, content.id, actor.id);
        if (own) return { created: false, image: own };
        const stored = await tx.sourceImage.findUnique({ where: { id: content.id }, select: { id: true, width: true, height: true, faceCount: true } });
        const image = stored ?? (await tx.sourceImage.create({ data: content, select: { id: true, width: true, height: true, faceCount: true } }));
        await tx.sourceImageOwner.create({ data: { imageId: content.id, ownerId: actor.id, originalName } });
        await recordAudit(tx, { actor, action: 'image.upload', detail: { imageId: content.id, originalName, created: true } });
        return { created: true, image };
      });
    } catch (e) {
      if (isUniqueViolation(e) && attempt < 2) continue;
      throw e;
    }
  }
}

async function reportRepeat(actor: Actor, row: StoredImage, originalName: string | null): Promise<UploadedSourceImage> {
  await recordAudit(getDb(), { actor, action: 'image.upload', detail: { imageId: row.id, originalName, created: false } });
  return { ...summary(row), created: false };
}

async function decodeChecked(bytes: Buffer, type: AcceptedImageType): Promise<RgbImage> {
  try {
    return await decodeImage(bytes, MAX_IMAGE_PIXELS);
  } catch (error) {
    if (error instanceof FacePrepError && error.code === 'IMAGE_TOO_LARGE') throw new AppError('TOO_LARGE', error.message);
    if (error instanceof FacePrepError) throw unreadableImageError(type);
    throw error;
  }
}

async function countFaces(image: RgbImage): Promise<number> {
  const force = getEnv().TF_BACKEND;
  await initBackend(force ? { force } : {});
  const faces = await detectFaces(image);
  if (faces.length === 0) {
    throw new AppError('BAD_INPUT', 'No face was found in this photo. Upload a clear photo in which at least one face is visible and roughly front-facing.');
  }
  return faces.length;
}
