// The study definition format: what a researcher writes in studies/*.ts|json (and, later, what the
// authoring UI edits). Parsed once by this schema when studies are loaded; everything downstream
// trusts the parsed type. Cross-references (conditional display, conditions, correct answers) are
// checked here so that a broken study never reaches participants.
import { z } from 'zod';

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, "-" or "_" (starting with a letter or digit)')
  .max(64);

const textSchema = z.string().trim().min(1, 'must not be empty');

const optionSchema = z.object({
  value: idSchema,
  label: textSchema,
});

/**
 * An image reference: `faces:<file>` (the configured faces directory), `stimuli:<path>` (the
 * stimuli directory). Paths never leave their directory.
 */
export const imageRefSchema = z
  .string()
  .regex(/^(faces|stimuli):[A-Za-z0-9._/-]+$/, 'must look like "faces:<file>" or "stimuli:<path>"')
  .refine((s) => !s.split(':')[1]?.split('/').includes('..'), 'must not contain ".."');

const imageOptionSchema = z.object({
  value: idSchema,
  src: imageRefSchema,
  alt: textSchema,
  caption: z.string().optional(),
  /**
   * The explanation method this image shows (e.g. "saliency", "inversion", "visualization"), so
   * analyses can report preferences per method whatever the option values are called.
   */
  method: idSchema.optional(),
});

/** Show an item only when an earlier answer matches. */
const showIfSchema = z
  .object({
    item: idSchema,
    equals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
  })
  .refine((s) => (s.equals === undefined) !== (s.in === undefined), 'give exactly one of "equals" or "in"');

const itemBase = {
  id: idSchema,
  showIf: showIfSchema.optional(),
  /** Only participants in these between-subject conditions see the item. */
  conditions: z.array(idSchema).min(1).optional(),
};

const answerBase = {
  ...itemBase,
  prompt: textSchema,
  help: z.string().optional(),
  required: z.boolean().default(true),
  /** Marks a background questionnaire item (analysis splits preferences by these). */
  background: z.boolean().default(false),
};

export const pageItemSchema = z.object({
  ...itemBase,
  type: z.literal('page'),
  role: z.enum(['instructions', 'debrief', 'info']).default('info'),
  title: textSchema,
  body: textSchema,
  continueLabel: z.string().default('Continue'),
});

export const singleChoiceItemSchema = z.object({
  ...answerBase,
  type: z.literal('single-choice'),
  options: z.array(optionSchema).min(2),
  shuffleOptions: z.boolean().default(false),
});

export const multipleChoiceItemSchema = z.object({
  ...answerBase,
  type: z.literal('multiple-choice'),
  options: z.array(optionSchema).min(2),
  minSelected: z.number().int().min(0).default(1),
  maxSelected: z.number().int().min(1).optional(),
  shuffleOptions: z.boolean().default(false),
});

export const likertItemSchema = z.object({
  ...answerBase,
  type: z.literal('likert'),
  points: z.number().int().min(2).max(11).default(5),
  /** Labels for the two ends; optionally one per point (length must equal points). */
  anchors: z.object({ min: textSchema, max: textSchema }),
  labels: z.array(textSchema).optional(),
});

export const freeTextItemSchema = z.object({
  ...answerBase,
  type: z.literal('free-text'),
  minLength: z.number().int().min(0).default(0),
  maxLength: z.number().int().min(1).max(10_000).default(1000),
  multiline: z.boolean().default(true),
});

export const imageChoiceItemSchema = z.object({
  ...answerBase,
  type: z.literal('image-choice'),
  /** An image shown above the options, e.g. the face whose prediction is being explained. */
  context: z.object({ src: imageRefSchema, alt: textSchema, caption: z.string().optional() }).optional(),
  options: z.array(imageOptionSchema).min(2),
  multiple: z.boolean().default(false),
  minSelected: z.number().int().min(0).default(1),
  maxSelected: z.number().int().min(1).optional(),
  shuffleOptions: z.boolean().default(true),
});

export const attentionCheckItemSchema = z.object({
  ...answerBase,
  type: z.literal('attention-check'),
  options: z.array(optionSchema).min(2),
  correct: idSchema,
  shuffleOptions: z.boolean().default(false),
});

export const itemSchema = z.discriminatedUnion('type', [
  pageItemSchema,
  singleChoiceItemSchema,
  multipleChoiceItemSchema,
  likertItemSchema,
  freeTextItemSchema,
  imageChoiceItemSchema,
  attentionCheckItemSchema,
]);

const blockSchema = z.object({
  id: idSchema,
  title: z.string().optional(),
  /** Shuffle item order within this block, per participant. */
  shuffle: z.boolean().default(false),
  conditions: z.array(idSchema).min(1).optional(),
  items: z.array(itemSchema).min(1),
});

const completionSchema = z.object({
  message: textSchema.default('Thank you for taking part.'),
  /** A fixed code (as Prolific expects); when absent each participant gets a random one. */
  code: z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'use 4–40 letters, digits, "-" or "_"').optional(),
  /**
   * Where to send the participant after completing, e.g.
   * https://app.prolific.com/submissions/complete?cc={CODE}. Placeholders: {CODE}, {PROLIFIC_PID},
   * {STUDY_ID}, {SESSION_ID}, {PARTICIPANT}.
   */
  redirectUrl: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL').optional(),
});

export const studyBaseSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2–63 lowercase letters, digits or "-"'),
  title: textSchema,
  description: z.string().optional(),
  consent: z.object({
    title: textSchema.default('Consent'),
    body: textSchema,
    agreeLabel: textSchema.default('I agree to take part'),
    declineLabel: textSchema.default('I do not agree'),
    declinedMessage: textSchema.default('You chose not to take part. Nothing else has been recorded. You may close this page.'),
  }),
  conditions: z.array(z.object({ id: idSchema, label: textSchema })).optional(),
  blocks: z.array(blockSchema).min(1),
  completion: completionSchema.default({ message: 'Thank you for taking part.' }),
});

export type Study = z.infer<typeof studyBaseSchema>;
export type StudyInput = z.input<typeof studyBaseSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Block = Study['blocks'][number];
export type AnswerItem = Exclude<Item, { type: 'page' }>;
export type ImageRef = z.infer<typeof imageRefSchema>;

/** Option values an item accepts, or null for items without options. */
export function optionValues(item: Item): string[] | null {
  switch (item.type) {
    case 'single-choice':
    case 'multiple-choice':
    case 'attention-check':
    case 'image-choice':
      return item.options.map((o) => o.value);
    case 'likert':
      return Array.from({ length: item.points }, (_, i) => String(i + 1));
    default:
      return null;
  }
}

export const studySchema = studyBaseSchema.superRefine((study, ctx) => {
  const seen = new Map<string, Item>();
  const conditionIds = new Set((study.conditions ?? []).map((c) => c.id));
  const blockIds = new Set<string>();

  study.blocks.forEach((block, b) => {
    if (blockIds.has(block.id)) ctx.addIssue({ code: 'custom', path: ['blocks', b, 'id'], message: `duplicate block id "${block.id}"` });
    blockIds.add(block.id);
    block.conditions?.forEach((c, k) => {
      if (!conditionIds.has(c)) ctx.addIssue({ code: 'custom', path: ['blocks', b, 'conditions', k], message: `unknown condition "${c}"` });
    });

    block.items.forEach((item, i) => {
      const at = (...rest: (string | number)[]) => ['blocks', b, 'items', i, ...rest];
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate item id "${item.id}"` });

      item.conditions?.forEach((c, k) => {
        if (!conditionIds.has(c)) ctx.addIssue({ code: 'custom', path: at('conditions', k), message: `unknown condition "${c}"` });
      });

      const values = optionValues(item);
      if (values && new Set(values).size !== values.length) {
        ctx.addIssue({ code: 'custom', path: at('options'), message: 'option values must be unique' });
      }
      if (item.type === 'attention-check' && values && !values.includes(item.correct)) {
        ctx.addIssue({ code: 'custom', path: at('correct'), message: `"${item.correct}" is not one of the options` });
      }
      if (item.type === 'likert' && item.labels && item.labels.length !== item.points) {
        ctx.addIssue({ code: 'custom', path: at('labels'), message: `needs exactly ${item.points} labels (one per point)` });
      }
      if (item.type === 'free-text' && item.minLength > item.maxLength) {
        ctx.addIssue({ code: 'custom', path: at('minLength'), message: 'must not exceed maxLength' });
      }
      if (item.type === 'multiple-choice' || (item.type === 'image-choice' && item.multiple)) {
        const max = item.maxSelected ?? item.options.length;
        if (max > item.options.length) ctx.addIssue({ code: 'custom', path: at('maxSelected'), message: `cannot exceed the ${item.options.length} options` });
        if (item.minSelected > max) ctx.addIssue({ code: 'custom', path: at('minSelected'), message: 'must not exceed maxSelected' });
      }

      if (item.showIf) {
        const target = seen.get(item.showIf.item);
        if (!target) {
          ctx.addIssue({ code: 'custom', path: at('showIf', 'item'), message: `"${item.showIf.item}" is not an earlier item` });
        } else {
          const allowed = optionValues(target);
          const wanted = item.showIf.equals !== undefined ? [item.showIf.equals] : (item.showIf.in ?? []);
          if (target.type === 'page') {
            ctx.addIssue({ code: 'custom', path: at('showIf', 'item'), message: `"${target.id}" is a page and has no answer` });
          } else if (allowed) {
            for (const w of wanted) {
              if (!allowed.includes(w)) ctx.addIssue({ code: 'custom', path: at('showIf'), message: `"${w}" is not an answer of "${target.id}"` });
            }
          }
          if (block.shuffle && block.items.some((x) => x.id === target.id)) {
            ctx.addIssue({ code: 'custom', path: at('showIf', 'item'), message: 'cannot depend on an item in the same shuffled block' });
          }
        }
      }
      seen.set(item.id, item);
    });
  });
});

/** All items in definition order. */
export function allItems(study: Study): Item[] {
  return study.blocks.flatMap((b) => b.items);
}
