// How analyses name questions on screen. Prompts may contain {prediction} (filled per participant
// from the model's prediction on the item's face); the dashboard covers every participant at once, so
// it shows a neutral stand-in, and names each question by its id, model and face, since several
// questions share one prompt (the default study asks the same expression question of three faces).
import type { CatalogItem } from '@/lib/analysis/item-catalog';

export const PREDICTION_PLACEHOLDER = '{prediction}';
/** What analyses show in place of {prediction}. */
export const PREDICTION_STAND_IN = '[prediction]';

/** The prompt with {prediction} replaced by the given prediction, or by the neutral stand-in. */
export function resolvePrompt(prompt: string, prediction?: string | null): string {
  return prompt.replaceAll(PREDICTION_PLACEHOLDER, prediction ?? PREDICTION_STAND_IN);
}

/** The file name of a face reference ("faces:13_syn_angry_woman.jpg" → "13_syn_angry_woman.jpg"); uploads by a short hash. */
export function faceNameOf(ref: string | null | undefined): string | null {
  if (!ref) return null;
  const [kind = '', rest = ''] = ref.split(/:(.*)/s);
  if (!rest) return ref;
  if (kind === 'upload') return `upload ${rest.slice(0, 8)}`;
  return rest.split('/').at(-1) ?? rest;
}

export type LabelledItem = Pick<CatalogItem, 'id' | 'prompt'> & { model?: string | null; face?: string | null };

/**
 * "q1_expression · expression model · 13_syn_angry_woman.jpg: The model thinks this person looks
 * [prediction]. …": the id, then what the question shows (model, face) when it names them, then the
 * resolved prompt.
 */
export function itemDisplayLabel(item: LabelledItem, prediction?: string | null): string {
  const face = faceNameOf(item.face);
  const parts = [item.id, item.model ? `${item.model} model` : null, face].filter((p): p is string => p !== null);
  return `${parts.join(' · ')}: ${resolvePrompt(item.prompt, prediction)}`;
}

/** "id · model · face" without the prompt, for short category labels on chart axes. */
export function itemShortLabel(item: LabelledItem): string {
  const face = faceNameOf(item.face);
  return [item.id, item.model ? `${item.model} model` : null, face].filter((p): p is string => p !== null).join(' · ');
}
