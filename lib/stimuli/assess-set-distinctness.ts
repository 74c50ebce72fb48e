import 'server-only';
// The set-level quality measure of a study's feature visualisations (issue #10): a visualisation can
// only be judged against the others the same study shows, so this runs where a set is known (the
// review sheet, the publish check), not in the worker that makes one image.
import sharp from 'sharp';
import { z } from 'zod';
import { assessDistinctness, type DistinctnessItem } from '@/lib/explainers/quality/assess-distinctness';
import type { QualityMeasure } from '@/lib/explainers/quality/quality-report';
import { prepareSsim } from '@/lib/explainers/metrics/ssim';
import { readStimulusFile } from '@/lib/stimuli/stimulus-store';

/** The model's input size: SSIM is compared at the resolution the optimisation produced. */
const SIZE = 112;

const objectiveSchema = z.object({
  type: z.string(),
  layer: z.string().optional(),
  channel: z.number().optional(),
  index: z.number().optional(),
  x: z.number().optional(),
  y: z.number().optional(),
});
const specSchema = z.object({ target: z.string().default('predicted'), params: z.object({ objective: objectiveSchema.optional() }).loose().default({}) });

/**
 * What a visualisation shows: a unit ("dense2 channel 5") or a class (the explicit target, else the
 * face's predicted label). Equal keys are the same target and are not compared with each other.
 */
export function visualisationTarget(specJson: string, predictedLabel: string | undefined, labels?: readonly string[]): string {
  let raw: unknown;
  try {
    raw = JSON.parse(specJson);
  } catch {
    return 'unknown target';
  }
  const spec = specSchema.safeParse(raw);
  if (!spec.success) return 'unknown target';
  const o = spec.data.params.objective;
  if (o?.type === 'channel' || o?.type === 'neuron') {
    const at = o.type === 'neuron' && o.x !== undefined && o.y !== undefined ? ` at (${o.x}, ${o.y})` : '';
    return `${o.layer ?? '?'} channel ${o.channel ?? '?'}${o.type === 'neuron' ? ` neuron${at}` : ''}`;
  }
  if (o?.type === 'layer') return `layer ${o.layer ?? '?'}`;
  if (o?.type === 'class') return `class ${labels?.[o.index ?? -1] ?? o.index}`;
  const label = spec.data.target === 'predicted' ? predictedLabel : spec.data.target;
  return label ? `class ${label}` : 'predicted class';
}

export interface SetStimulus {
  id: string;
  model: string;
  targetKey: string;
}

/**
 * SSIM of two stimuli never changes (ids are content addresses), so pair results are kept: only pairs
 * with a newly finished image cost anything. A pair takes ~10 ms (its cross term only) on a busy 2-core
 * machine, and a unit study has hundreds, so this also runs in slices that let other requests through.
 */
const pairCache = new Map<string, Map<string, QualityMeasure>>();
const MAX_CACHED_PAIRS = 50_000;

function remember(key: string, measures: Map<string, QualityMeasure>): void {
  if (pairCache.size >= MAX_CACHED_PAIRS) {
    const oldest = pairCache.keys().next().value;
    if (oldest !== undefined) pairCache.delete(oldest);
  }
  pairCache.set(key, measures);
}

async function decode(s: SetStimulus): Promise<DistinctnessItem | null> {
  const png = await readStimulusFile(s.id);
  if (!png) return null;
  const { data } = await sharp(png).removeAlpha().toColourspace('srgb').resize(SIZE, SIZE, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const pixels = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) pixels[i] = (data[i] ?? 0) / 255;
  // Each image's own SSIM moments once per call: a pair then costs only its cross term.
  return { id: s.id, model: s.model, targetKey: s.targetKey, pixels, size: [SIZE, SIZE], prepared: prepareSsim(pixels, [SIZE, SIZE, 3], { dataRange: 1 }) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The distinctness measure of each finished visualisation within its model, as assessDistinctness
 * gives it for the whole set (each image's highest SSIM to an image of another target), computed pair
 * by pair so that pairs can be cached.
 */
export async function assessSetDistinctness(stimuli: readonly SetStimulus[]): Promise<Map<string, QualityMeasure>> {
  const unique = [...new Map(stimuli.map((s) => [s.id, s])).values()];
  const decoded = new Map<string, Promise<DistinctnessItem | null>>();
  const pixelsOf = (s: SetStimulus) => {
    let p = decoded.get(s.id);
    if (!p) decoded.set(s.id, (p = decode(s)));
    return p;
  };
  const best = new Map<string, QualityMeasure>();
  for (let i = 0; i < unique.length; i++)
    for (let j = i + 1; j < unique.length; j++) {
      const [a, b] = [unique[i], unique[j]].sort((x, y) => ((x?.id ?? '') < (y?.id ?? '') ? -1 : 1));
      if (!a || !b || a.model !== b.model || a.targetKey === b.targetKey) continue;
      const key = `${a.id}|${a.targetKey}|${b.id}|${b.targetKey}`;
      let measures = pairCache.get(key);
      if (!measures) {
        const [pa, pb] = await Promise.all([pixelsOf(a), pixelsOf(b)]);
        if (!pa || !pb) continue;
        measures = assessDistinctness([pa, pb]);
        remember(key, measures);
        await yieldToEventLoop();
      }
      for (const [id, m] of measures) {
        const prev = best.get(id);
        if (!prev || Number(m.value) > Number(prev.value)) best.set(id, m);
      }
    }
  return best;
}
