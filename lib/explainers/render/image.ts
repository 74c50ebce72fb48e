// Raw 8-bit image buffers, overlays, side-by-side panels and PNG encoding (sharp). Kept separate from
// the methods so the same raw map can be rendered many ways without recomputation.
import sharp from 'sharp';

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Pixel-space float HWC RGB in [0,1] → 8-bit RGB. */
export function toRgbBytes(pixels: ArrayLike<number>, width: number, height: number): RawImage {
  if (pixels.length !== width * height * 3) throw new Error(`Expected ${width}×${height}×3 values, got ${pixels.length}`);
  const data = Uint8Array.from({ length: pixels.length }, (_, i) => Math.round(255 * Math.min(1, Math.max(0, pixels[i] ?? 0))));
  return { data, width, height, channels: 3 };
}

/**
 * Blend a coloured heat map over the face. With `weights` (display map in [0,1]) the opacity follows the
 * map, so low-attribution regions show the face rather than a uniform tint.
 */
export function overlayHeatmap(face: RawImage, heat: RawImage, alpha = 0.5, weights?: ArrayLike<number>): RawImage {
  if (face.width !== heat.width || face.height !== heat.height) throw new Error('Face and heat map sizes differ');
  const n = face.width * face.height;
  const data = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    const a = alpha * (weights ? Math.min(1, Math.max(0, weights[p] ?? 0)) : 1);
    for (let ch = 0; ch < 3; ch++) {
      const f = face.data[p * face.channels + ch] ?? 0;
      const h = heat.data[p * heat.channels + ch] ?? 0;
      data[p * 3 + ch] = Math.round((1 - a) * f + a * h);
    }
  }
  return { data, width: face.width, height: face.height, channels: 3 };
}

/** Images left to right, vertically centred, separated by `gap` pixels of `background`. */
export function sideBySide(images: readonly RawImage[], gap = 4, background = 255): RawImage {
  if (images.length === 0) throw new Error('A panel needs at least one image');
  const width = images.reduce((s, im) => s + im.width, 0) + gap * (images.length - 1);
  const height = Math.max(...images.map((im) => im.height));
  const data = new Uint8Array(width * height * 3).fill(background);
  let left = 0;
  for (const im of images) {
    const top = Math.floor((height - im.height) / 2);
    for (let y = 0; y < im.height; y++)
      for (let x = 0; x < im.width; x++)
        for (let ch = 0; ch < 3; ch++)
          data[((top + y) * width + left + x) * 3 + ch] = im.data[(y * im.width + x) * im.channels + ch] ?? background;
    left += im.width + gap;
  }
  return { data, width, height, channels: 3 };
}

/** Nearest-neighbour upscale by an integer factor, so small maps stay crisp when displayed. */
export function upscaleNearest(image: RawImage, factor: number): RawImage {
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Uint8Array(width * height * image.channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const src = (Math.floor(y / factor) * image.width + Math.floor(x / factor)) * image.channels;
      data.set(image.data.subarray(src, src + image.channels), (y * width + x) * image.channels);
    }
  return { data, width, height, channels: image.channels };
}

export async function encodePng(image: RawImage): Promise<Buffer> {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .png()
    .toBuffer();
}
