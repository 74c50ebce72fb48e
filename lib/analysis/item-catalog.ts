// The answerable items of the analysed versions, merged by id. Pooling versions matches items by id;
// where a later version changed an item (its prompt, an option's label or method), the latest
// definition names it, and options that only older versions had are kept so no answer is orphaned.
import { z } from 'zod';
import { allItems, type Item, type Probe, type Study } from '@/lib/studies/study-schema';

export type CatalogOption = {
  value: string;
  label: string;
  /** Explanation method the option shows (image options that declare one), else null. */
  method: string | null;
  /** Image reference of image options, for provenance; null otherwise. */
  src: string | null;
  /** For options whose image the server generates: what it is generated with, as the definition says. */
  generated: GeneratedSpec | null;
};

// Generated options (`generate` on the option, `explain` on the item) are read defensively: they
// arrive with the stimulus-generation work, and their shape may still grow.
const generatedSchema = z.object({ method: z.string(), params: z.record(z.string(), z.unknown()).optional(), seed: z.number().optional() });
const explainSchema = z.object({ model: z.string() });
export type GeneratedSpec = { method: string; params: Record<string, unknown>; seed: number | null; model: string | null };

function generatedOf(option: object, item: object): GeneratedSpec | null {
  const g = generatedSchema.safeParse('generate' in option ? option.generate : undefined);
  if (!g.success) return null;
  const e = explainSchema.safeParse('explain' in item ? item.explain : undefined);
  return { method: g.data.method, params: g.data.params ?? {}, seed: g.data.seed ?? null, model: e.success ? e.data.model : null };
}

export type CatalogItem = {
  id: string;
  type: Exclude<Item['type'], 'page'>;
  prompt: string;
  background: boolean;
  /** Several answers per participant (multiple-choice, image-choice with multiple). */
  multiple: boolean;
  options: CatalogOption[];
  /** The right answer: the correct option of attention checks, the intruder of intruder items. */
  correct: string | null;
  /** What intruder and coherency items probe (layer, unit or concept); null for other items. */
  probe: Probe | null;
  /** Images shown together above the options (coherency items), for provenance; else empty. */
  images: CatalogOption[];
  /** Likert points; null for other items. */
  points: number | null;
  /**
   * The model an item's images explain (`explain.model`), so pooled analyses can take one model's
   * questions; null or absent when the item names none.
   */
  model?: string | null;
  /** The face an item's images explain (`explain.image`, e.g. "faces:13_syn_angry_woman.jpg"); null or absent when none. */
  face?: string | null;
};

function optionsOf(item: Exclude<Item, { type: 'page' }>): CatalogOption[] {
  switch (item.type) {
    case 'single-choice':
    case 'multiple-choice':
    case 'attention-check':
      return item.options.map((o) => ({ value: o.value, label: o.label, method: null, src: null, generated: null }));
    case 'coherency':
      return item.options.map((o) => ({ value: o.value, label: o.label, method: null, src: null, generated: null }));
    case 'image-choice':
    case 'intruder':
      return item.options.map((o) => imageOption(o, item));
    case 'likert':
      return Array.from({ length: item.points }, (_, i) => {
        const label = item.labels?.[i] ?? (i === 0 ? `1 (${item.anchors.min})` : i === item.points - 1 ? `${i + 1} (${item.anchors.max})` : String(i + 1));
        return { value: String(i + 1), label, method: null, src: null, generated: null };
      });
    case 'free-text':
      return [];
  }
}

function imageOption(o: { value: string; caption?: string; alt: string; src?: string; method?: string }, item: object): CatalogOption {
  const generated = generatedOf(o, item);
  return { value: o.value, label: o.caption ?? o.alt, method: o.method ?? generated?.method ?? null, src: o.src ?? null, generated };
}

function toCatalogItem(item: Exclude<Item, { type: 'page' }>): CatalogItem {
  return {
    id: item.id,
    type: item.type,
    prompt: item.prompt,
    background: item.background,
    multiple: item.type === 'multiple-choice' || (item.type === 'image-choice' && item.multiple),
    options: optionsOf(item),
    correct: item.type === 'attention-check' || item.type === 'intruder' ? item.correct : null,
    probe: item.type === 'intruder' || item.type === 'coherency' ? item.probe : null,
    images: item.type === 'coherency' ? item.images.map((g) => imageOption(g, item)) : [],
    points: item.type === 'likert' ? item.points : null,
    model: (item.type === 'image-choice' || item.type === 'intruder') && item.explain ? item.explain.model : null,
    face: (item.type === 'image-choice' || item.type === 'intruder') && item.explain ? item.explain.image : null,
  };
}

/** Definitions oldest first; the result keeps the latest version's item order, then older-only items. */
export function buildItemCatalog(definitions: readonly Study[]): CatalogItem[] {
  const byId = new Map<string, CatalogItem>();
  for (const study of [...definitions].reverse()) {
    for (const item of allItems(study)) {
      if (item.type === 'page') continue;
      const next = toCatalogItem(item);
      const known = byId.get(item.id);
      if (!known) {
        byId.set(item.id, next);
        continue;
      }
      const seen = new Set(known.options.map((o) => o.value));
      known.options.push(...next.options.filter((o) => !seen.has(o.value)));
    }
  }
  return [...byId.values()];
}

/** The label analyses group an option under: its method when declared, else its own label. */
export function methodLabelOf(option: CatalogOption): string {
  return option.method ?? option.label;
}

/** Items whose answers can be split by background: single answers or selections among options. */
export function isPreferenceItem(item: CatalogItem): boolean {
  return item.type === 'image-choice';
}

/** Items whose options are images with a provenance (image-choice and intruder trials). */
export function hasImageOptions(item: CatalogItem): boolean {
  return item.type === 'image-choice' || item.type === 'intruder';
}

/** Background items usable as a split: ones with a fixed answer set. */
export function isSplitItem(item: CatalogItem): boolean {
  return item.background && item.options.length > 0;
}
