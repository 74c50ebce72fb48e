import 'server-only';
// Where an option's image came from, as far as the study definition and the stimuli directory tell:
// a fixed image may carry a sidecar `<image file>.json` in the shape the explainers record
// (lib/explainers/types.ts Provenance); a generated option names its method, params, seed and model.
// Exports prefer the generated stimulus's own record (lib/analysis/stimulus-provenance.ts), which
// adds the weights hash and resolved parameters, and fall back to this.
import fs from 'node:fs';
import { z } from 'zod';
import { resolveImagePath } from '@/lib/studies/resolve-image';
import { imageRefSchema } from '@/lib/studies/study-schema';
import type { CatalogOption } from '@/lib/analysis/item-catalog';

export const stimulusProvenanceSchema = z.object({
  method: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
  seed: z.number().nullable().default(null),
  model: z.object({ id: z.string(), weightsHash: z.string() }),
  /** The generated stimulus's quality report (lib/explainers/quality), when one was computed. */
  quality: z.object({ weak: z.boolean(), reasons: z.array(z.string()), measures: z.record(z.string(), z.unknown()) }).nullable().optional(),
});
export type StimulusProvenance = z.infer<typeof stimulusProvenanceSchema>;

// Stimuli are immutable once generated, so a per-process cache never goes stale.
const cache = new Map<string, StimulusProvenance | null>();

/** The provenance of an image option, or null when none is recorded (plain photos, hand-made images). */
export function getOptionProvenance(option: Pick<CatalogOption, 'src' | 'generated'> | undefined): StimulusProvenance | null {
  if (!option) return null;
  const sidecar = sidecarProvenance(option.src);
  if (sidecar) return sidecar;
  const g = option.generated;
  // The definition names the model but not its weights; the weights hash stays empty until the
  // generated stimulus's own record is consulted.
  return g ? { method: g.method, params: g.params, seed: g.seed, model: { id: g.model ?? '', weightsHash: '' } } : null;
}

function sidecarProvenance(src: string | null): StimulusProvenance | null {
  if (!src) return null;
  const hit = cache.get(src);
  if (hit !== undefined) return hit;
  let found: StimulusProvenance | null = null;
  const ref = imageRefSchema.safeParse(src);
  if (ref.success) {
    try {
      const parsed = stimulusProvenanceSchema.safeParse(JSON.parse(fs.readFileSync(`${resolveImagePath(ref.data)}.json`, 'utf8')));
      if (parsed.success) found = parsed.data;
    } catch {
      // No sidecar, or not readable JSON: the stimulus simply has no recorded provenance.
    }
  }
  cache.set(src, found);
  return found;
}
