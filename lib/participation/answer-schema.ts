// Validates a raw answer (the form's values, always strings) against the item it answers and turns it
// into the stored value. Messages are written for the participant, since they see them.
import { z } from 'zod';
import type { Item } from '@/lib/studies/study-schema';
import { firstControlCharacter } from '@/lib/control-characters';

/** Stored answer: one choice, several choices, a Likert point, text, page acknowledgement, or skipped. */
export type AnswerValue = string | string[] | number | true | null;

function choices(options: readonly string[], min: number, max: number) {
  return z
    .array(z.string())
    .transform((v) => [...new Set(v)])
    .superRefine((v, ctx) => {
      const unknown = v.filter((x) => !options.includes(x));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `Not an option of this question: ${unknown.join(', ')}` });
      // minSelected is the bound even on required items: with 0, "none of these" is itself the answer
      // (stored as []), and submitting the item with nothing ticked is how a participant gives it.
      if (v.length < min) ctx.addIssue({ code: 'custom', message: min === 1 ? 'Please choose at least one option.' : `Please choose at least ${min} options.` });
      if (v.length > max) ctx.addIssue({ code: 'custom', message: `Please choose at most ${max} options.` });
    });
}

function oneOf(options: readonly string[], required: boolean) {
  return z.array(z.string()).transform((v, ctx): string | null => {
    if (v.length === 0 || v[0] === '') {
      if (required) ctx.addIssue({ code: 'custom', message: 'Please choose an answer.' });
      return null;
    }
    if (v.length > 1) ctx.addIssue({ code: 'custom', message: 'Please choose only one answer.' });
    const [first = ''] = v;
    if (!options.includes(first)) ctx.addIssue({ code: 'custom', message: `Not an option of this question: ${first}` });
    return first;
  });
}

export function answerSchema(item: Item): z.ZodType<AnswerValue, string[]> {
  switch (item.type) {
    case 'page':
      return z.array(z.string()).transform((): true => true);
    case 'single-choice':
    case 'attention-check':
    case 'intruder':
    case 'coherency':
      return oneOf(item.options.map((o) => o.value), item.required);
    case 'multiple-choice':
      return choices(item.options.map((o) => o.value), item.minSelected, item.maxSelected ?? item.options.length);
    case 'image-choice': {
      const values = item.options.map((o) => o.value);
      return item.multiple
        ? choices(values, item.minSelected, item.maxSelected ?? values.length)
        : oneOf(values, item.required);
    }
    case 'likert': {
      const points = Array.from({ length: item.points }, (_, i) => String(i + 1));
      return oneOf(points, item.required).transform((v) => (v === null ? null : Number(v)));
    }
    case 'free-text':
      return z.array(z.string()).transform((v, ctx): string | null => {
        // Browsers send a textarea's line breaks as CRLF; stored text uses LF, so lengths count what
        // the participant's counter showed and every export sees one kind of line break.
        const raw = (v[0] ?? '').replace(/\r\n?/g, '\n');
        const control = firstControlCharacter(raw);
        if (control) {
          ctx.addIssue({ code: 'custom', message: `Your answer contains control characters (e.g. ${control}); please remove them.` });
          return null;
        }
        const text = raw.trim();
        if (text === '') {
          if (item.required || item.minLength > 0) ctx.addIssue({ code: 'custom', message: 'Please write an answer.' });
          return item.required ? text : null;
        }
        if (text.length < item.minLength) ctx.addIssue({ code: 'custom', message: `Please write at least ${item.minLength} characters.` });
        if (text.length > item.maxLength) ctx.addIssue({ code: 'custom', message: `Please keep your answer under ${item.maxLength} characters (it has ${text.length}).` });
        return text;
      });
  }
}

// Building a zod schema costs more than using it (~0.2–0.3 ms per answer, issue #13); items come from
// cached, immutable study definitions, so one schema per item object, freed with its definition.
const schemas = new WeakMap<Item, z.ZodType<AnswerValue, string[]>>();

/** Parse or throw-free: the value, or the first participant-facing message. */
export function parseAnswer(item: Item, raw: string[]): { ok: true; value: AnswerValue } | { ok: false; message: string } {
  let schema = schemas.get(item);
  if (!schema) schemas.set(item, (schema = answerSchema(item)));
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, message: r.error.issues[0]?.message ?? 'This answer is not valid.' };
}
