// A comparison sheet: tiles side by side with a caption above each, as one PNG. Captions are SVG text
// composited by sharp (librsvg), so no canvas or font package is needed; sideBySide() stays the
// caption-free building block.
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { RawImage } from './image';

export interface SheetTile {
  image: RawImage;
  /** One short line, e.g. the method id. */
  label: string;
  /** Optional second line, e.g. the run time. */
  sublabel?: string;
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch);

function rawToSharp(image: RawImage): Sharp {
  const bytes = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return sharp(bytes, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

export async function encodeLabelledSheet(tiles: readonly SheetTile[], options: { gap?: number; fontSize?: number } = {}): Promise<Buffer> {
  if (tiles.length === 0) throw new Error('A sheet needs at least one tile');
  const gap = options.gap ?? 8;
  const fontSize = options.fontSize ?? 13;
  const captionHeight = Math.round(fontSize * 2.8);
  const width = tiles.reduce((s, t) => s + t.image.width, 0) + gap * (tiles.length + 1);
  const height = Math.max(...tiles.map((t) => t.image.height)) + captionHeight + gap * 2;
  const layers: OverlayOptions[] = [];
  const texts: string[] = [];
  let left = gap;
  for (const tile of tiles) {
    layers.push({ input: await rawToSharp(tile.image).png().toBuffer(), left, top: gap + captionHeight });
    const cx = left + tile.image.width / 2;
    texts.push(`<text x="${cx}" y="${gap + fontSize}" font-size="${fontSize}" font-weight="bold">${escapeXml(tile.label)}</text>`);
    if (tile.sublabel) {
      texts.push(`<text x="${cx}" y="${gap + fontSize * 2.2}" font-size="${fontSize - 2}" fill="#555">${escapeXml(tile.sublabel)}</text>`);
    }
    left += tile.image.width + gap;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<g font-family="DejaVu Sans, Arial, sans-serif" text-anchor="middle" fill="#111">${texts.join('')}</g></svg>`;
  layers.push({ input: Buffer.from(svg), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(layers).png().toBuffer();
}
