import 'server-only';
// Where uploaded source images live: the blob store key uploads/<sha256>.<ext> (DATA_DIR/uploads/… with
// SQLite, a StoredBlob row with PostgreSQL), named by the hash of their bytes, so a study can refer to
// one as `upload:<sha256>` and the reference can never point at changed bytes. The hash format is
// checked before it becomes a key, so no reference can name anything else.
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { acceptedImageTypes } from '@/lib/images/sniff-image-type';
import { BLOB_FOLDERS } from '@/lib/storage/blob-key';
import { getBlobStore } from '@/lib/storage/blob-store';

export const sourceImageIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'An image id is 64 lowercase hex digits (a SHA-256).');
export const uploadRefSchema = z.templateLiteral(['upload:', sourceImageIdSchema]);
export type UploadRef = z.infer<typeof uploadRefSchema>;

const UPLOADS_FOLDER = BLOB_FOLDERS.uploads;

export function uploadRef(id: string): UploadRef {
  return `upload:${sourceImageIdSchema.parse(id)}`;
}

/** The blob key of an uploaded image, for a given id and extension (no existence check). */
export function uploadKey(options: { id: string; extension: string }): string {
  return `${UPLOADS_FOLDER}/${sourceImageIdSchema.parse(options.id)}.${options.extension}`;
}

/** The id of `upload:<sha256>` (or the bare hash); BAD_INPUT for anything else. */
export function uploadIdOf(ref: string): string {
  const raw = ref.startsWith('upload:') ? ref.slice('upload:'.length) : ref;
  const id = sourceImageIdSchema.safeParse(raw);
  if (!id.success) throw new AppError('BAD_INPUT', `Not an uploaded-image reference: ${ref.slice(0, 80)}`);
  return id.data;
}

/**
 * Resolves `upload:<sha256>` (or the bare hash) to its stored key, trying the accepted extensions in a
 * fixed order as the file lookup always did. Needs no SourceImage row (only the stored bytes), so study
 * validation can check references the same way it checks `faces:` and `stimuli:` files.
 */
export async function findUploadKey(options: { ref: string }): Promise<string> {
  const id = uploadIdOf(options.ref);
  const store = getBlobStore();
  for (const { extension } of Object.values(acceptedImageTypes)) {
    const key = uploadKey({ id, extension });
    if (await store.has(key)) return key;
  }
  throw new AppError('NOT_FOUND', `No uploaded image ${id.slice(0, 12)}… exists.`);
}

/** The stored bytes of an upload and their key (whose extension gives the content type). */
export async function readUpload(options: { ref: string }): Promise<{ key: string; bytes: Buffer }> {
  const key = await findUploadKey(options);
  const bytes = await getBlobStore().get(key);
  // Deleted between the lookup and the read: the same answer as never there.
  if (!bytes) throw new AppError('NOT_FOUND', `No uploaded image ${uploadIdOf(options.ref).slice(0, 12)}… exists.`);
  return { key, bytes };
}
