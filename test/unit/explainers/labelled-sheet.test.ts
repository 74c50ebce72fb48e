// The comparison sheet the explain CLI writes: every tile appears unaltered below a caption that
// actually renders (dark text pixels), and captions with markup characters do not break the SVG.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '@/lib/explainers/render/image';
import { encodeLabelledSheet } from '@/lib/explainers/render/labelled-sheet';

function solid(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(rgb, p * 3);
  return { data, width, height, channels: 3 };
}

describe('labelled comparison sheet', () => {
  it('places each tile unaltered below a rendered caption', async () => {
    const tiles = [
      { image: solid(40, 30, [255, 0, 0]), label: 'face' },
      { image: solid(40, 30, [0, 0, 255]), label: 'occlusion <8/4> & "more"', sublabel: 'angry · 2.1 s' },
    ];
    const png = await encodeLabelledSheet(tiles, { gap: 8, fontSize: 13 });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const caption = Math.round(13 * 2.8);
    expect(info.width).toBe(40 * 2 + 8 * 3);
    expect(info.height).toBe(30 + caption + 16);
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const top = 8 + caption;
    for (const [x, y] of [[8, top], [47, top + 29]] as const) expect(pixel(x, y)).toEqual([255, 0, 0]);
    for (const [x, y] of [[56, top], [95, top + 29]] as const) expect(pixel(x, y)).toEqual([0, 0, 255]);
    // Text was drawn in the caption band above each tile (white background otherwise).
    const darkInBand = (x0: number, x1: number) => {
      let dark = 0;
      for (let y = 0; y < top; y++) for (let x = x0; x < x1; x++) if (Math.max(...pixel(x, y)) < 128) dark++;
      return dark;
    };
    expect(darkInBand(8, 48)).toBeGreaterThan(10);
    expect(darkInBand(56, 96)).toBeGreaterThan(10);
  });

  it('refuses an empty sheet', async () => {
    await expect(encodeLabelledSheet([])).rejects.toThrow(/at least one tile/);
  });
});
