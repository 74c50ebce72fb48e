import 'server-only';
// Finished stimulus images on disk, named by stimulus id (content-addressed, so any server instance can
// serve any of them). Written to a temp file and renamed: a crash never leaves a half-written image.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { qualityReportSchema, type QualityReport } from '@/lib/explainers/quality/quality-report';

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

export interface ClassCacheEntry {
  png: Buffer;
  explanation: Record<string, unknown>;
  quality: QualityReport;
}

/**
 * A cached class-level image with its provenance and quality report. Entries written before quality
 * reports existed (JSON without `quality`) count as absent, so the image is computed and measured again.
 */
export function readClassCache(file: { png: string; json: string }): ClassCacheEntry | null {
  if (!fs.existsSync(file.png) || !fs.existsSync(file.json)) return null;
  try {
    const raw = JSON.parse(fs.readFileSync(file.json, 'utf8')) as { explanation?: unknown; quality?: unknown };
    const quality = qualityReportSchema.safeParse(raw.quality);
    if (!quality.success || raw.explanation === null || typeof raw.explanation !== 'object') return null;
    return { png: fs.readFileSync(file.png), explanation: raw.explanation as Record<string, unknown>, quality: quality.data };
  } catch {
    return null;
  }
}

/** PNG first, then the JSON that makes the entry valid (each written by rename, never half-written). */
export function writeClassCache(file: { png: string; json: string }, entry: ClassCacheEntry): void {
  const tmp = (f: string) => `${f}.${randomBytes(4).toString('hex')}.tmp`;
  const png = tmp(file.png);
  fs.writeFileSync(png, entry.png);
  fs.renameSync(png, file.png);
  const json = tmp(file.json);
  fs.writeFileSync(json, JSON.stringify({ explanation: entry.explanation, quality: entry.quality }));
  fs.renameSync(json, file.json);
}
