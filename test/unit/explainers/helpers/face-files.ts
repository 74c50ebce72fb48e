// Real face photos for tests. They live outside the repo (never copy them in): FACES_DIR, else the
// shared demo set next to the repo, else face-api's own sample images.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const repoRoot = path.resolve(__dirname, '../../../..');

export function faceFiles(count: number): string[] {
  const dir = process.env.FACES_DIR ?? path.resolve(repoRoot, '../shared/data/faces/demo');
  const pick = (d: string, re: RegExp) => (existsSync(d) ? readdirSync(d).filter((f) => re.test(f)).sort().map((f) => path.join(d, f)) : []);
  let files = pick(dir, /\.(jpe?g|png|webp)$/i);
  if (files.length === 0) files = pick(path.join(repoRoot, 'node_modules/@vladmandic/face-api/demo'), /^sample.*\.jpg$/i);
  if (files.length < count) throw new Error(`need ${count} face images, found ${files.length} (set FACES_DIR)`);
  // Spread the picks over the set so tests see different ages/expressions, deterministically.
  return Array.from({ length: count }, (_, i) => files[Math.floor((i * files.length) / count)] as string);
}

/** Centre-cropped, resized RGB pixels in 0–255 (HWC), a stand-in for a prepared face. */
export async function facePixels(file: string, size: number): Promise<Float32Array> {
  const raw = await sharp(file).rotate().resize(size, size, { fit: 'cover' }).removeAlpha().raw().toBuffer();
  return Float32Array.from(raw);
}
