// Marks a queued stimulus as generated, as a worker would (image in the store, prediction, quality
// report, job done), so review and publish tests do not need to run the explainers.
import seedrandom from 'seedrandom';
import sharp from 'sharp';
import { getDb } from '@/lib/db';
import { buildReport, type QualityMeasure, type QualityReport } from '@/lib/explainers/quality/quality-report';
import { writeStimulusFile } from '@/lib/stimuli/stimulus-store';

/** A 224 px noise image; the same seed gives the same pixels, `jitter` adds a little independent noise. */
export async function noisePng(seed: string, jitter = 0): Promise<Buffer> {
  const base = seedrandom(seed);
  const extra = seedrandom(`${seed}:jitter:${jitter}`);
  const px = Buffer.alloc(224 * 224 * 3);
  for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, Math.round(base() * 255 + (extra() - 0.5) * 2 * jitter)));
  return sharp(px, { raw: { width: 224, height: 224, channels: 3 } }).png().toBuffer();
}

export function measure(id: string, pass: boolean, value: QualityMeasure['value'] = pass ? 0.9 : 0.1): QualityMeasure {
  return { id, label: `Measure ${id}`, value, threshold: '≥ 0.5', pass };
}

export function report(kind: QualityReport['kind'], measures: QualityMeasure[]): QualityReport {
  return buildReport(kind, measures);
}

export async function finishStimulus(id: string, options: { png: Buffer; prediction?: string; quality?: QualityReport | null }): Promise<void> {
  const fileHash = await writeStimulusFile(id, options.png);
  const q = options.quality ?? null;
  await getDb().stimulus.update({
    where: { id },
    data: { prediction: JSON.stringify({ label: options.prediction ?? 'female' }), width: 224, height: 224, fileHash, quality: q ? JSON.stringify(q) : null, weak: q ? q.weak : null },
  });
  await getDb().explanationJob.update({ where: { stimulusId: id }, data: { status: 'done', progress: 1, finishedAt: new Date() } });
}
