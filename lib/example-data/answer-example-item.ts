// One example respondent's answer to one item, as the participant form would send it (a list of
// strings), so it goes through the same validation as a real answer (lib/participation/answer-schema.ts).
import type { Item } from '@/lib/studies/study-schema';
import {
  BACKGROUND_TICK, BACKGROUND_WEIGHTS, COMMENT_RATE, COMMENTS, METHOD_PROBABILITY, OTHER_METHOD, type Persona,
} from '@/lib/example-data/example-profile';

export type Random = () => number;

/** The two background items the composition is about, and the answer that means "yes" for each. */
export type CompositionItems = { practitioner: { id: string; yes: string; no: string }; xaiUser: { id: string; yes: string; no: string } };

/** A respondent: who they are, and their own selection probability per method (drawn once). */
export type Respondent = Persona & { methodProbability: (method: string | null) => number };

function weighted(values: readonly string[], weights: readonly number[], random: Random): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random() * total;
  for (const [k, v] of values.entries()) {
    u -= weights[k] ?? 0;
    if (u < 0) return v;
  }
  return values[values.length - 1] ?? '';
}

/** Ticks each option with its own probability, then tops up (by those probabilities) to the minimum and trims to the maximum. */
function ticks(values: readonly string[], probability: (value: string) => number, min: number, max: number, random: Random): string[] {
  const chosen = values.filter((v) => random() < probability(v));
  while (chosen.length < min) {
    const rest = values.filter((v) => !chosen.includes(v));
    if (rest.length === 0) break;
    chosen.push(weighted(rest, rest.map(probability), random));
  }
  return chosen.slice(0, max);
}

export function answerExampleItem(item: Item, respondent: Respondent, composition: CompositionItems, random: Random): string[] {
  switch (item.type) {
    case 'page':
      return [];
    case 'single-choice': {
      if (item.id === composition.practitioner.id) return [respondent.practitioner ? composition.practitioner.yes : composition.practitioner.no];
      if (item.id === composition.xaiUser.id) return [respondent.xaiUser ? composition.xaiUser.yes : composition.xaiUser.no];
      const weights = BACKGROUND_WEIGHTS[item.id]?.(respondent);
      const values = item.options.map((o) => o.value);
      return [weighted(values, values.map((v) => (weights ? (weights[v] ?? 0) : 1)), random)];
    }
    case 'multiple-choice': {
      const tick = BACKGROUND_TICK[item.id];
      const values = item.options.map((o) => o.value);
      return ticks(values, (v) => tick?.[v] ?? 0.3, item.minSelected, item.maxSelected ?? values.length, random);
    }
    case 'image-choice': {
      const methodOf = new Map(item.options.map((o) => [o.value, o.method ?? o.generate?.method ?? null]));
      const values = item.options.map((o) => o.value);
      const probability = (v: string) => respondent.methodProbability(methodOf.get(v) ?? null);
      if (!item.multiple) return [weighted(values, values.map(probability), random)];
      return ticks(values, probability, Math.max(item.minSelected, 1), item.maxSelected ?? values.length, random);
    }
    case 'likert': {
      // Around the middle of the scale, a little above it.
      const centre = (item.points + 1) / 2 + 0.5;
      const point = Math.round(centre + (random() + random() + random() - 1.5) * 1.5);
      return [String(Math.min(item.points, Math.max(1, point)))];
    }
    case 'attention-check':
      return [item.correct];
    case 'intruder':
      // Better than chance, as in intruder studies of interpretable units.
      return [random() < 0.6 ? item.correct : weighted(item.options.map((o) => o.value), item.options.map(() => 1), random)];
    case 'coherency':
      return [weighted(item.options.map((o) => o.value), item.options.map((_, k) => (k === 0 ? 3 : 1)), random)];
    case 'free-text': {
      if (!item.required && random() >= COMMENT_RATE) return [''];
      const text = COMMENTS[Math.floor(random() * COMMENTS.length)] ?? 'No comment.';
      return [text.slice(0, item.maxLength).padEnd(item.minLength, '.')];
    }
  }
}

/** A respondent's own selection probability per method: their group's, shifted by a personal amount drawn once. */
export function respondentOf(persona: Persona, methods: readonly string[], spread: number, random: Random): Respondent {
  const base = METHOD_PROBABILITY[persona.practitioner ? 'practitioner' : 'other'];
  const own = new Map(methods.map((m) => [m, Math.min(0.95, Math.max(0.05, (base[m] ?? OTHER_METHOD) + (random() * 2 - 1) * spread))]));
  return { ...persona, methodProbability: (method) => (method !== null ? own.get(method) : undefined) ?? OTHER_METHOD };
}
