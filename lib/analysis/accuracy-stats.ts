// Accuracy of intruder trials (which of these images does not belong to the unit or concept?) against
// chance, with an exact one-sided binomial test: the question an intruder study asks is whether people
// beat guessing, not whether they differ from it. Scored per unit/concept and pooled per layer
// (EXPLAINERS.md §9.1); with many units per layer the unit-level p-values are Holm-adjusted.
import { testBinomial } from '@/lib/analysis/statistics/binomial-test';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';
import { holmAdjust } from '@/lib/analysis/statistics/holm-adjust';
import type { CatalogItem } from '@/lib/analysis/item-catalog';
import type { Probe } from '@/lib/studies/study-schema';

/** An intruder item: its right answer, chance level, and what it probes. */
export type AccuracySpec = { itemId: string; correct: string; chance: number; layer: string; probe: string };
/** Correct and total answers of one item. */
export type ItemCount = { itemId: string; correct: number; trials: number };
export type AccuracyRow = {
  layer: string;
  /** The unit or concept; null on layer rows (every probe of the layer pooled). */
  probe: string | null;
  items: number;
  chance: number;
  correct: number;
  trials: number;
  accuracy: number | null;
  lower: number | null;
  upper: number | null;
  /** P(X ≥ correct) under guessing at `chance`; null without trials. */
  pValue: number | null;
  /** Holm-adjusted over the units of the same layer (unit rows only). */
  pHolm: number | null;
};
export type AccuracySummary = { byProbe: AccuracyRow[]; byLayer: AccuracyRow[] };

/** "expression · conv3" — the model is part of a layer's name when the probe gives it. */
export function layerLabel(probe: Probe): string {
  return probe.model ? `${probe.model} · ${probe.layer}` : probe.layer;
}

/** "smiling (unit 12)", "unit 12" or "smiling". */
export function probeLabel(probe: Probe): string {
  if (probe.concept && probe.unit) return `${probe.concept} (unit ${probe.unit})`;
  return probe.concept ?? `unit ${probe.unit ?? '?'}`;
}

/** Intruder items scored for accuracy; chance is one over the number of images shown. */
export function accuracySpecsOf(items: readonly CatalogItem[]): AccuracySpec[] {
  return items.flatMap((item) => {
    if (item.type !== 'intruder' || !item.correct || !item.probe || item.options.length < 2) return [];
    return [{ itemId: item.id, correct: item.correct, chance: 1 / item.options.length, layer: layerLabel(item.probe), probe: probeLabel(item.probe) }];
  });
}

type Pool = Omit<AccuracyRow, 'accuracy' | 'lower' | 'upper' | 'pValue' | 'pHolm'>;

function finish(p: Pool): AccuracyRow {
  const ci = computeWilsonInterval(p.correct, p.trials);
  return {
    ...p,
    accuracy: p.trials > 0 ? p.correct / p.trials : null,
    lower: ci?.lower ?? null,
    upper: ci?.upper ?? null,
    pValue: p.trials > 0 ? testBinomial(p.correct, p.trials, { p: p.chance, alternative: 'greater' }).pValue : null,
    pHolm: null,
  };
}

/**
 * Pools item counts per (layer, probe, chance) and per (layer, chance): items at different chance
 * levels (different numbers of images) cannot share one binomial test, so they stay separate rows.
 */
export function summariseAccuracy(specs: readonly AccuracySpec[], counts: readonly ItemCount[]): AccuracySummary {
  const byItem = new Map(counts.map((c) => [c.itemId, c]));
  const pool = (keyOf: (s: AccuracySpec) => string, probeOf: (s: AccuracySpec) => string | null) => {
    const pools = new Map<string, Pool>();
    for (const s of specs) {
      const key = `${keyOf(s)}\u0000${s.chance}`;
      const c = byItem.get(s.itemId);
      const p = pools.get(key) ?? { layer: s.layer, probe: probeOf(s), items: 0, chance: s.chance, correct: 0, trials: 0 };
      p.items += 1;
      p.correct += c?.correct ?? 0;
      p.trials += c?.trials ?? 0;
      pools.set(key, p);
    }
    return [...pools.values()].map(finish);
  };
  const byProbe = pool((s) => `${s.layer}\u0000${s.probe}`, (s) => s.probe);
  for (const layer of new Set(byProbe.map((r) => r.layer))) {
    const rows = byProbe.filter((r) => r.layer === layer);
    holmAdjust(rows.map((r) => r.pValue)).forEach((p, i) => {
      const row = rows[i];
      if (row) row.pHolm = p;
    });
  }
  return { byProbe, byLayer: pool((s) => s.layer, () => null) };
}
