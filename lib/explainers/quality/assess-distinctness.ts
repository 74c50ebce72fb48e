// Set-level check of feature visualisations (issue #10): visualisations of different targets (classes,
// units) of one model must not look alike. Pairwise SSIM at model input size between every two images
// whose target differs; each image gets its highest SSIM to another target as a measure.
import { prepareSsim, ssimPrepared, type SsimPrepared } from '../metrics/ssim';
import type { QualityMeasure } from './quality-report';
import { QUALITY_THRESHOLDS } from './quality-thresholds';

export interface DistinctnessItem {
  id: string;
  /** Images are only compared within one model. */
  model: string;
  /** What the image visualises, e.g. 'class happy' or 'dense2 channel 5'; equal keys are not compared. */
  targetKey: string;
  /** HWC in [0,1] at `size`. */
  pixels: ArrayLike<number>;
  size: readonly [number, number];
  /** The image's own filtered moments, when the caller already has them (prepareSsim, dataRange 1). */
  prepared?: SsimPrepared;
}

/** Measures per item id; items with no other target of their model get none. */
export function assessDistinctness(items: readonly DistinctnessItem[]): Map<string, QualityMeasure> {
  const best = new Map<string, { value: number; other: string }>();
  // Each image's own moments are filtered once; a pair costs only its cross term.
  const prepared: (SsimPrepared | null)[] = items.map(() => null);
  const prep = (k: number): SsimPrepared => {
    const item = items[k];
    if (!item) throw new Error(`no item ${k}`);
    return (prepared[k] ??= item.prepared ?? prepareSsim(item.pixels, [item.size[0], item.size[1], 3], { dataRange: 1 }));
  };
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (!a || !b || a.model !== b.model || a.targetKey === b.targetKey) continue;
      if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) throw new Error(`images ${a.id} and ${b.id} differ in size`);
      const s = ssimPrepared(prep(i), prep(j));
      for (const [self, other] of [[a, b], [b, a]] as const) {
        const prev = best.get(self.id);
        if (!prev || s > prev.value) best.set(self.id, { value: s, other: other.targetKey });
      }
    }
  const max = QUALITY_THRESHOLDS.visualization.maxPairwiseSsim;
  const out = new Map<string, QualityMeasure>();
  for (const [id, { value, other }] of best) {
    out.set(id, {
      id: 'distinctSsim', label: 'Highest SSIM to a visualisation of another target', value,
      threshold: `≤ ${max}`, pass: value <= max, detail: `most alike: ${other}`,
    });
  }
  return out;
}
