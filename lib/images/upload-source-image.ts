import 'server-only';
// A researcher's face photo becomes a source image. Checks run cheapest first, so a hostile file is
// refused before it costs anything: byte size, then the type from the magic bytes, then the pixel
// count from the header alone (a decompression bomb is never decoded), then a decode with EXIF
// orientation applied, then face detection. Only a photo that passes everything is written, once,
// under the hash of its bytes; a failure anywhere leaves neither a file nor a row behind.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { getDb, withTransaction } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';
import { initBackend } from '@/lib/explainers/backend';
import { DEFAULT_MAX_PIXELS, decodeImage, type RgbImage } from '@/lib/explainers/faces/decode-image';
import { detectFaces } from '@/lib/explainers/faces/detect-faces';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { assertMayUseImages } from '@/lib/images/image-access';
import { sniffImageType, unsupportedTypeMessage, type AcceptedImageType } from '@/lib/images/sniff-image-type';
import { uploadFilePath, uploadRef, uploadsDir, type UploadRef } from '@/lib/images/source-image-path';

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** Same ceiling as the explainers' decoder: a 40 MP photo is larger than any phone takes today. */
export const MAX_UPLOAD_PIXELS = DEFAULT_MAX_PIXELS;

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
  /** false when these exact bytes were already in the library (nothing new was stored). */
  created: boolean;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The refusal for a body that is too large, also used by the route before it reads the body. */
export function uploadTooLargeError(byteSize: number): AppError {
  return new AppError('TOO_LARGE', `This file is ${megabytes(byteSize)}; the limit is ${megabytes(MAX_UPLOAD_BYTES)}.`);
}

export async function uploadSourceImage(options: { actor: Actor; fileName: string; bytes: Uint8Array }): Promise<UploadedSourceImage> {
  assertMayUseImages(options.actor);
  const input = uploadInputSchema.parse({ fileName: options.fileName, bytes: options.bytes });
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  if (bytes.length === 0) throw new AppError('BAD_INPUT', 'The file is empty.');
  if (bytes.length > MAX_UPLOAD_BYTES) throw uploadTooLargeError(bytes.length);
  const sniffed = sniffImageType(bytes);
  if (!sniffed.accepted) throw new AppError('UNSUPPORTED_MEDIA', unsupportedTypeMessage(sniffed.kind));

  const id = createHash('sha256').update(bytes).digest('hex');
  // Identical bytes passed every check before: answer without decoding or detecting again.
  const existing = await getDb().sourceImage.findUnique({ where: { id } });
  if (existing) return reportExisting(options.actor, existing, input.fileName);

  const image = await decodeChecked(bytes, sniffed.type);
  const faceCount = await countFaces(image);
  const row = { id, originalName: input.fileName, mimeType: sniffed.mimeType, width: image.width, height: image.height, byteSize: bytes.length, faceCount, uploadedById: options.actor.id };

  const file = uploadFilePath({ id, extension: sniffed.extension });
  const fileExisted = await writeAtomically(file, bytes);
  try {
    await withTransaction(async (tx) => {
      await tx.sourceImage.create({ data: row });
      await recordAudit(tx, { actor: options.actor, action: 'image.upload', detail: { imageId: id, originalName: row.originalName, created: true } });
    });
  } catch (error) {
    // The same bytes uploaded concurrently: theirs won the insert, and the file is theirs too.
    const winner = await getDb().sourceImage.findUnique({ where: { id } }).catch(() => null);
    if (winner) return reportExisting(options.actor, winner, input.fileName);
    if (!fileExisted) await fs.rm(file, { force: true });
    throw error;
  }
  return { id, ref: uploadRef(id), width: row.width, height: row.height, faceCount, created: true };
}

async function reportExisting(
  actor: Actor, row: { id: string; width: number; height: number; faceCount: number }, originalName: string | null,
): Promise<UploadedSourceImage> {
  await recordAudit(getDb(), { actor, action: 'image.upload', detail: { imageId: row.id, originalName, created: false } });
  return { id: row.id, ref: uploadRef(row.id), width: row.width, height: row.height, faceCount: row.faceCount, created: false };
}

const typeNames: Record<AcceptedImageType, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' };

async function decodeChecked(bytes: Buffer, type: AcceptedImageType): Promise<RgbImage> {
  const unreadable = () => new AppError('BAD_INPUT', `This ${typeNames[type]} file could not be read: it is probably truncated or corrupt.`);
  // Header only: sharp reads the dimensions without decoding pixels, so a bomb costs nothing here.
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => {
    throw unreadable();
  });
  if (!meta.width || !meta.height) throw unreadable();
  if (meta.width * meta.height > MAX_UPLOAD_PIXELS) {
    throw new AppError(
      'TOO_LARGE',
      `${meta.width} × ${meta.height} pixels is too large; the limit is ${MAX_UPLOAD_PIXELS / 1e6} megapixels (for example 8000 × 5000). Downscale the photo and upload it again.`,
    );
  }
  try {
    return await decodeImage(bytes, MAX_UPLOAD_PIXELS);
  } catch (error) {
    if (error instanceof FacePrepError && error.code === 'IMAGE_TOO_LARGE') throw new AppError('TOO_LARGE', error.message);
    if (error instanceof FacePrepError) throw unreadable();
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

/**
 * Writes via a temporary file in the same directory and a rename, so a reader never sees half a
 * file and a crash leaves at most a stray temporary file. Returns whether the target already existed.
 */
async function writeAtomically(file: string, bytes: Buffer): Promise<boolean> {
  await fs.mkdir(uploadsDir(), { recursive: true });
  const existed = await fs.access(file).then(() => true, () => false);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, bytes, { flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  return existed;
}
