// Decoding uploaded images safely: the pixel count is checked from the header before any decoding,
// so a decompression bomb is refused cheaply; EXIF orientation is applied so faces are upright.
import sharp from 'sharp';
import { FacePrepError } from './face-prep-error';

export interface RgbImage {
  /** RGB, 8 bit, row-major HWC. */
  data: Buffer;
  width: number;
  height: number;
}

/** Default ceiling: 40 megapixels (a large phone photo is ~12–50 MP; a bomb is far beyond). */
export const DEFAULT_MAX_PIXELS = 40_000_000;

export async function decodeImage(input: Buffer | string, maxPixels = DEFAULT_MAX_PIXELS): Promise<RgbImage> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new FacePrepError('UNREADABLE_IMAGE', 'The file could not be read as an image (JPEG, PNG or WebP expected).', { cause: error });
  }
  const { width, height } = meta;
  if (!width || !height) throw new FacePrepError('UNREADABLE_IMAGE', 'The image has no readable dimensions.');
  if (width * height > maxPixels) {
    throw new FacePrepError(
      'IMAGE_TOO_LARGE',
      `The image is ${width}×${height} pixels (${((width * height) / 1e6).toFixed(1)} MP); at most ${(maxPixels / 1e6).toFixed(0)} MP is accepted.`,
    );
  }
  try {
    // limitInputPixels again as a second line of defence (e.g. multi-page or header lies).
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw new FacePrepError('UNREADABLE_IMAGE', 'The image could not be decoded (it may be truncated or corrupt).', { cause: error });
  }
}
