// The serialisable shape an item is rendered from: options already in this participant's order,
// image references already turned into URLs that do not reveal file paths.
import type { PlannedItem } from '@/lib/participation/plan-sequence';
import type { ImageRef } from '@/lib/studies/study-schema';

export interface OptionProps {
  value: string;
  label: string;
  imageUrl?: string;
  alt?: string;
}

export interface ItemProps {
  id: string;
  type: PlannedItem['item']['type'];
  prompt: string;
  help?: string;
  body?: string;
  continueLabel?: string;
  required: boolean;
  multiple: boolean;
  minSelected: number;
  maxSelected: number;
  options: OptionProps[];
  anchors?: { min: string; max: string };
  minLength?: number;
  maxLength?: number;
  multiline?: boolean;
  context?: { url: string; alt: string; caption?: string };
  /** Images shown together above the options (coherency items). */
  /** `url` is absent while a generated image is not ready (the preview shows a placeholder). */
  gallery?: { url?: string; alt: string; caption?: string }[];
}

/**
 * Where the browser fetches an image: participant and preview pages use different routes. Fixed images
 * by reference; generated ones by "<optionValue>" or "context" within the item.
 */
export interface ImageUrls {
  fixed: (ref: ImageRef) => string;
  generated: (key: string) => string | undefined;
  /** The model's prediction on the item's face, for {prediction} in the prompt. */
  prediction?: string;
}

export function fillPrediction(text: string, prediction: string | undefined): string {
  return text.replaceAll('{prediction}', prediction ?? '…');
}

export function toItemProps(planned: PlannedItem, urls: ImageUrls): ItemProps {
  const { item, optionOrder } = planned;
  const order = <T extends { value: string }>(values: T[]): T[] => {
    const byValue = new Map(values.map((v) => [v.value, v]));
    return (optionOrder ?? values.map((v) => v.value)).flatMap((v) => {
      const o = byValue.get(v);
      return o ? [o] : [];
    });
  };
  const base = { id: item.id, type: item.type, multiple: false, minSelected: 0, maxSelected: 1, options: [] as OptionProps[] };
  switch (item.type) {
    case 'page':
      return { ...base, prompt: item.title, body: item.body, continueLabel: item.continueLabel, required: false };
    case 'single-choice':
    case 'attention-check':
      return { ...base, prompt: item.prompt, help: item.help, required: item.required, options: order(item.options) };
    case 'coherency':
      return {
        ...base,
        prompt: item.prompt,
        help: item.help,
        required: item.required,
        options: order(item.options),
        gallery: item.images.map((g) => ({ url: g.src ? urls.fixed(g.src) : urls.generated(g.value), alt: g.alt, caption: g.caption })),
      };
    case 'intruder':
      return {
        ...base,
        prompt: item.prompt,
        help: item.help,
        required: item.required,
        options: order(item.options).map((o, i) => ({ value: o.value, label: o.caption ?? `Image ${i + 1}`, alt: o.alt, imageUrl: o.src ? urls.fixed(o.src) : urls.generated(o.value) })),
      };
    case 'multiple-choice':
      return { ...base, prompt: item.prompt, help: item.help, required: item.required, multiple: true, minSelected: item.minSelected, maxSelected: item.maxSelected ?? item.options.length, options: order(item.options) };
    case 'likert': {
      const points = Array.from({ length: item.points }, (_, i) => ({ value: String(i + 1), label: item.labels?.[i] ?? String(i + 1) }));
      return { ...base, prompt: item.prompt, help: item.help, required: item.required, options: points, anchors: item.anchors };
    }
    case 'free-text':
      return { ...base, prompt: item.prompt, help: item.help, required: item.required, minLength: item.minLength, maxLength: item.maxLength, multiline: item.multiline };
    case 'image-choice':
      return {
        ...base,
        prompt: fillPrediction(item.prompt, urls.prediction),
        help: item.help,
        required: item.required,
        multiple: item.multiple,
        minSelected: item.minSelected,
        maxSelected: item.multiple ? (item.maxSelected ?? item.options.length) : 1,
        options: order(item.options).map((o, i) => ({ value: o.value, label: o.caption ?? `Option ${i + 1}`, alt: o.alt, imageUrl: o.src ? urls.fixed(o.src) : urls.generated(o.value) })),
        context: item.context ? { url: (item.context.src ? urls.fixed(item.context.src) : urls.generated('context')) ?? '', alt: item.context.alt, caption: item.context.caption && fillPrediction(item.context.caption, urls.prediction) } : undefined,
      };
  }
}
