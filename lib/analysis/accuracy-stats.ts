// Accuracy of intruder trials (which of these images does not belong to the unit or concept?) against
// chance, with an exact one-sided binomial test: the question an intruder study asks is whether people
// beat guessing, not whether they differ from it. Scored per unit/concept and pooled per layer
// (EXPLAINERS.md §9.1); with many units per layer the unit-level p-values are Holm-adjusted.
// The binomial test counts every answer as an independent trial; a participant who answers several
// trials of one unit or layer makes answers cluster, so each row also has a participant-level sign
// test (how many participants scored above chance, against how many scored below), which does not
// assume independent answers.
import { testBinomial } from '@/lib/analysis/statistics/binomial-test';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';
import { holmAdjust } from '@/lib/analysis/statistics/holm-adjust';
import type { CatalogItem } from '@/lib/analysis/item-catalog';
import type { Probe } from '@/lib/studies/study-schema';

/** An intruder item of one version: its right answer, chance level, and what it probes. */
export type AccuracySpec = { versionId: string; itemId: string; correct: string; chance: number; layer: string; probe: string };
/** Correct and total answers of one item in one version. */
export type ItemCount = { versionId: string; itemId: string; correct: number; trials: number };
/** How many participants had k correct of n trials in a group (a unit or a layer, at one chance level). */
export type ParticipantScore = { group: string; correct: number; trials: number; participants: number };
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
  /** Participants with at least one trial in the row, and those above and below chance. */
  participants: number;
  above: number;
  below: number;
  /** One-sided sign test: P(at least `above` of above + below participants beat chance | p = ½). */
  pParticipants: number | null;
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

/**
 * Intruder items scored for accuracy, per analysed version (each with its own right answer and
 * options); chance is one over the number of images shown.
 */
export function accuracySpecsOf(versions: readonly { versionId: string; items: readonly CatalogItem[] }[]): AccuracySpec[] {
  return versions.flatMap(({ versionId, items }) => items.flatMap((item) => {
    if (item.type !== 'intruder' || !item.correct || !item.probe || item.options.length < 2) return [];
    return [{ versionId, itemId: item.id, correct: item.correct, chance: 1 / item.options.length, layer: layerLabel(item.probe), probe: probeLabel(item.probe) }];
  }));
}

/** The groups a spec is pooled into: its unit/concept, and its whole layer (at its chance level). */
export function unitGroupOf(s: AccuracySpec): string {
  return `${s.layer}\u0000${s.probe}\u0000${s.chance}`;
}
export function layerGroupOf(s: AccuracySpec): string {
  return `${s.layer}\u0000\u0000${s.chance}`;
}

type Pool = Pick<AccuracyRow, 'layer' | 'probe' | 'chance' | 'correct' | 'trials'> & { itemIds: Set<string> };

function finish(p: Pool, scores: readonly ParticipantScore[]): AccuracyRow {
  const ci = computeWilsonInterval(p.correct, p.trials);
  // Compare k/n with chance in whole numbers where possible: chance is 1/m, so k/n > 1/m ⇔ k·m > n.
  const m = Math.round(1 / p.chance);
  const exact = Math.abs(m * p.chance - 1) < 1e-12;
  const vs = (s: ParticipantScore) => (exact ? Math.sign(s.correct * m - s.trials) : Math.sign(s.correct / s.trials - p.chance));
  const above = scores.filter((s) => vs(s) > 0).reduce((a, s) => a + s.participants, 0);
  const below = scores.filter((s) => vs(s) < 0).reduce((a, s) => a + s.participants, 0);
  return {
    layer: p.layer,
    probe: p.probe,
    items: p.itemIds.size,
    chance: p.chance,
    correct: p.correct,
    trials: p.trials,
    accuracy: p.trials > 0 ? p.correct / p.trials : null,
    lower: ci?.lower ?? null,
    upper: ci?.upper ?? null,
    pValue: p.trials > 0 ? testBinomial(p.correct, p.trials, { p: p.chance, alternative: 'greater' }).pValue : null,
    pHolm: null,
    participants: scores.reduce((a, s) => a + s.participants, 0),
    above,
    below,
    pParticipants: above + below > 0 ? testBinomial(above, above + below, { p: 0.5, alternative: 'greater' }).pValue : null,
  };
}

/**
 * Pools item counts per (layer, probe, chance) and per (layer, chance): items at different chance
 * levels (different numbers of images) cannot share one binomial test, so they stay separate rows.
 * `scores` are the per-participant tallies of the same groups (unitGroupOf, layerGroupOf).
 */
export function summariseAccuracy(specs: readonly AccuracySpec[], counts: readonly ItemCount[], scores: readonly ParticipantScore[] = []): AccuracySummary {
  const byItem = new Map(counts.map((c) => [`${c.versionId}\u0000${c.itemId}`, c]));
  const pool = (keyOf: (s: AccuracySpec) => string, probeOf: (s: AccuracySpec) => string | null) => {
    const pools = new Map<string, Pool>();
    for (const s of specs) {
      const key = keyOf(s);
      const c = byItem.get(`${s.versionId}\u0000${s.itemId}`);
      const p = pools.get(key) ?? { layer: s.layer, probe: probeOf(s), chance: s.chance, correct: 0, trials: 0, itemIds: new Set<string>() };
      p.itemIds.add(s.itemId);
      p.correct += c?.correct ?? 0;
      p.trials += c?.trials ?? 0;
      pools.set(key, p);
    }
    return [...pools.entries()].map(([key, p]) => finish(p, scores.filter((x) => x.group === key)));
  };
  const byProbe = pool(unitGroupOf, (s) => s.probe);
  for (const layer of new Set(byProbe.map((r) => r.layer))) {
    const rows = byProbe.filter((r) => r.layer === layer);
    holmAdjust(rows.map((r) => r.pValue)).forEach((p, i) => {
      const row = rows[i];
      if (row) row.pHolm = p;
    });
  }
  return { byProbe, byLayer: pool(layerGroupOf, () => null) };
}
