import 'server-only';
// Finished stimulus images on disk, named by stimulus id (content-addressed, so any server instance can
// serve any of them). Written to a temp file and renamed: a crash never leaves a half-written image.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';

export function storeDir(): string {
  return path.join(getEnv().DATA_DIR, 'stimuli-store');
}

export function stimulusFile(id: string): string {
  if (!/^[a-f0-9]{64}$/.test(id)) throw new Error('invalid stimulus id');
  return path.join(storeDir(), `${id}.png`);
}

export function writeStimulusFile(id: string, png: Buffer): string {
  fs.mkdirSync(storeDir(), { recursive: true });
  const tmp = path.join(storeDir(), `.${id}.${randomBytes(4).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, png);
  fs.renameSync(tmp, stimulusFile(id));
  return createHash('sha256').update(png).digest('hex');
}

export function readStimulusFile(id: string): Buffer | null {
  try {
    return fs.readFileSync(stimulusFile(id));
  } catch {
    return null;
  }
}

/** Class-level images (feature visualisations) shared by every face with the same model and class. */
export function classCacheFile(key: string): { png: string; json: string } {
  const dir = path.join(getEnv().DATA_DIR, 'visualization-cache');
  fs.mkdirSync(dir, { recursive: true });
  return { png: path.join(dir, `${key}.png`), json: path.join(dir, `${key}.json`) };
}
