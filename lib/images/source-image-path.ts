import 'server-only';
// Where uploaded source images live: DATA_DIR/uploads/<sha256>.<ext>, named by the hash of their
// bytes, so a study can refer to one as `upload:<sha256>` and the reference can never point at a
// changed file. The hash format is checked before it touches a path, so no reference can escape.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { acceptedImageTypes } from '@/lib/images/sniff-image-type';

export const sourceImageIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'An image id is 64 lowercase hex digits (a SHA-256).');
export const uploadRefSchema = z.templateLiteral(['upload:', sourceImageIdSchema]);
export type UploadRef = z.infer<typeof uploadRefSchema>;

export function uploadsDir(): string {
  return path.join(getEnv().DATA_DIR, 'uploads');
}

export function uploadRef(id: string): UploadRef {
  return `upload:${sourceImageIdSchema.parse(id)}`;
}

/** The file an uploaded image is stored in, for a given id and extension (no existence check). */
export function uploadFilePath(options: { id: string; extension: string }): string {
  return path.join(uploadsDir(), `${sourceImageIdSchema.parse(options.id)}.${options.extension}`);
}

/**
 * Resolves `upload:<sha256>` (or the bare hash) to the stored file. Synchronous and DB-free so study
 * validation can check references the same way it checks `faces:` and `stimuli:` files.
 */
export function sourceImagePath(options: { ref: string }): string {
  const raw = options.ref.startsWith('upload:') ? options.ref.slice('upload:'.length) : options.ref;
  const id = sourceImageIdSchema.safeParse(raw);
  if (!id.success) throw new AppError('BAD_INPUT', `Not an uploaded-image reference: ${options.ref.slice(0, 80)}`);
  for (const { extension } of Object.values(acceptedImageTypes)) {
    const file = uploadFilePath({ id: id.data, extension });
    if (fs.existsSync(file)) return file;
  }
  throw new AppError('NOT_FOUND', `No uploaded image ${id.data.slice(0, 12)}… exists.`);
}
