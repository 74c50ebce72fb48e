// Accuracy of forced-choice tasks with a right answer (e.g. an intruder task: which of these images
// does not belong to the unit?) against chance, with an exact one-sided binomial test: the question
// an intruder study asks is whether people beat guessing, not whether they differ from it.
import { testBinomial } from '@/lib/analysis/statistics/binomial-test';
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

/** A task with a right answer: its item, the correct option, chance level, and what it probes. */
export type AccuracySpec = { itemId: string; correct: string; chance: number; group: string };
export type AccuracyCount = { group: string; chance: number; correct: number; trials: number };
export type AccuracyRow = AccuracyCount & {
  accuracy: number | null;
  lower: number | null;
  upper: number | null;
  /** P(X ≥ correct) under guessing at `chance`; null without trials. */
  pValue: number | null;
};

/**
 * Items scored for accuracy. Attention checks are excluded: they screen participants rather than
 * measure interpretability. Items declare a right answer through a `correct` field (today only the
 * attention check has one; the intruder/coherency kinds will), and chance is one over the options.
 */
export function accuracySpecsOf(items: readonly CatalogItem[], correctOf: (item: CatalogItem) => string | null = () => null): AccuracySpec[] {
  return items.flatMap((item) => {
    if (item.type === 'attention-check' || item.multiple || item.options.length < 2) return [];
    const correct = correctOf(item);
    return correct ? [{ itemId: item.id, correct, chance: 1 / item.options.length, group: item.id }] : [];
  });
}

/** Pools counts per (group, chance): items at different chance levels cannot share one binomial test. */
export function summariseAccuracy(counts: readonly AccuracyCount[]): AccuracyRow[] {
  const pooled = new Map<string, AccuracyCount>();
  for (const c of counts) {
    const key = `${c.group}\u0000${c.chance}`;
    const p = pooled.get(key) ?? { group: c.group, chance: c.chance, correct: 0, trials: 0 };
    p.correct += c.correct;
    p.trials += c.trials;
    pooled.set(key, p);
  }
  return [...pooled.values()].map((c) => {
    const ci = computeWilsonInterval(c.correct, c.trials);
    return {
      ...c,
      accuracy: c.trials > 0 ? c.correct / c.trials : null,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      pValue: c.trials > 0 ? testBinomial(c.correct, c.trials, { p: c.chance, alternative: 'greater' }).pValue : null,
    };
  });
}
