// Where face photos come from. The configured FACES_DIR (the licensed demo set in development and
// CI) when it exists; otherwise the sample photos that ship inside the npm package
// @vladmandic/face-api, so the product runs on a machine without the shared data.
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';

const IMAGE_FILE = /\.(jpe?g|png|webp)$/i;

export interface FaceLibrary {
  dir: string;
  source: 'configured' | 'npm-fallback';
  files: string[];
}

export function fallbackFacesDir(): string {
  return path.join(process.cwd(), 'node_modules', '@vladmandic', 'face-api', 'demo');
}

function listImages(dir: string, filter?: RegExp): string[] {
  return fs.readdirSync(dir).filter((f) => IMAGE_FILE.test(f) && (!filter || filter.test(f))).sort();
}

/** The active face library: FACES_DIR if it holds images, else the npm-shipped samples. */
export function getFaceLibrary(): FaceLibrary {
  const dir = getEnv().FACES_DIR;
  if (fs.existsSync(dir)) {
    const files = listImages(dir);
    if (files.length > 0) return { dir, source: 'configured', files };
  }
  const fb = fallbackFacesDir();
  if (!fs.existsSync(fb)) throw new Error(`No face photos: ${dir} is missing and the fallback ${fb} is not installed (run npm ci).`);
  return { dir: fb, source: 'npm-fallback', files: listImages(fb, /^sample\d+\.jpg$/) };
}
