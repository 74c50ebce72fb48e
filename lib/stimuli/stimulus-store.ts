import 'server-only';
// Finished stimulus images, named by stimulus id (content-addressed, so any server instance can serve
// any of them), and the class-level visualisation cache. Both live in the blob store
// (lib/storage/blob-store.ts): DATA_DIR/stimuli-store/<id>.png and DATA_DIR/visualization-cache/<key>.png
// + .json with SQLite, StoredBlob rows under the same keys with PostgreSQL, where the worker that writes
// an image and the web server that serves it may be on different machines.
import { createHash } from 'node:crypto';
import { qualityReportSchema, type QualityReport } from '@/lib/explainers/quality/quality-report';
import { BLOB_FOLDERS } from '@/lib/storage/blob-key';
import { getBlobStore } from '@/lib/storage/blob-store';

const idPattern = /^[a-f0-9]{64}$/;

export function stimulusKey(id: string): string {
  if (!idPattern.test(id)) throw new Error('invalid stimulus id');
  return `${BLOB_FOLDERS.stimuli}/${id}.png`;
}

/** Stores the PNG (replacing any earlier one) and returns the sha256 of its bytes (Stimulus.fileHash). */
export async function writeStimulusFile(id: string, png: Buffer): Promise<string> {
  await getBlobStore().put(stimulusKey(id), png);
  return createHash('sha256').update(png).digest('hex');
}

/** The PNG, or null when there is none (or the id is malformed). */
export async function readStimulusFile(id: string): Promise<Buffer | null> {
  if (!idPattern.test(id)) return null;
  return getBlobStore().get(stimulusKey(id));
}

/** Class-level images (feature visualisations) shared by every face with the same model and class. */
export function classCacheFile(key: string): { png: string; json: string } {
  return { png: `${BLOB_FOLDERS.classCache}/${key}.png`, json: `${BLOB_FOLDERS.classCache}/${key}.json` };
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
export async function readClassCache(file: { png: string; json: string }): Promise<ClassCacheEntry | null> {
  const store = getBlobStore();
  const json = await store.get(file.json);
  if (!json) return null;
  let raw: { explanation?: unknown; quality?: unknown } | null;
  try {
    raw = JSON.parse(json.toString('utf8')) as typeof raw;
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const quality = qualityReportSchema.safeParse(raw.quality);
  if (!quality.success || raw.explanation === null || typeof raw.explanation !== 'object') return null;
  const png = await store.get(file.png);
  return png ? { png, explanation: raw.explanation as Record<string, unknown>, quality: quality.data } : null;
}

/** PNG first, then the JSON that makes the entry valid (each replaced whole, never half-written). */
export async function writeClassCache(file: { png: string; json: string }, entry: ClassCacheEntry): Promise<void> {
  const store = getBlobStore();
  await store.put(file.png, entry.png);
  await store.put(file.json, Buffer.from(JSON.stringify({ explanation: entry.explanation, quality: entry.quality })));
}
