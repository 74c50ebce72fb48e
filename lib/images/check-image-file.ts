// The one check of what a face photo may be, before anything decodes it. Uploads
// (upload-source-image.ts) and the `npm run explain` CLI both call it, so a file one accepts the other
// accepts, and a refusal reads the same in both: sharp alone would happily decode a GIF's first frame
// or rasterise an SVG. Cheapest first: empty, the type from the magic bytes, then the pixel count
// from the header alone (a decompression bomb is never decoded). No `server-only`: the CLI runs it.
import sharp from 'sharp';
import { AppError } from '@/lib/errors';
import { DEFAULT_MAX_PIXELS } from '@/lib/explainers/faces/decode-image';
import { sniffImageType, unsupportedTypeMessage, type AcceptedImageType } from '@/lib/images/sniff-image-type';

/** Same ceiling as the explainers' decoder: a 40 MP photo is larger than any phone takes today. */
export const MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS;

export interface CheckedImageFile {
  type: AcceptedImageType;
  mimeType: string;
  extension: string;
  /** As stored in the header, before EXIF orientation. */
  width: number;
  height: number;
}

const typeNames: Record<AcceptedImageType, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' };

/** The refusal for a file of an accepted type whose content cannot be read. */
export function unreadableImageError(type: AcceptedImageType): AppError {
  return new AppError('BAD_INPUT', `This ${typeNames[type]} file could not be read: it is probably truncated or corrupt.`);
}

export async function checkImageFile(options: { bytes: Uint8Array }): Promise<CheckedImageFile> {
  const { bytes } = options;
  if (bytes.length === 0) throw new AppError('BAD_INPUT', 'The file is empty.');
  const sniffed = sniffImageType(bytes);
  if (!sniffed.accepted) throw new AppError('UNSUPPORTED_MEDIA', unsupportedTypeMessage(sniffed.kind));
  // Header only: sharp reads the dimensions without decoding pixels, so a bomb costs nothing here.
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => {
    throw unreadableImageError(sniffed.type);
  });
  if (!meta.width || !meta.height) throw unreadableImageError(sniffed.type);
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new AppError(
      'TOO_LARGE',
      `${meta.width} × ${meta.height} pixels is too large; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels (for example 8000 × 5000). Downscale the photo and upload it again.`,
    );
  }
  return { type: sniffed.type, mimeType: sniffed.mimeType, extension: sniffed.extension, width: meta.width, height: meta.height };
}
