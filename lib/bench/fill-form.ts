// Chooses a valid-looking submission for a parsed form, as a participant clicking through would: one
// radio per group, some checkboxes, a short text within maxlength, the hidden fields unchanged, and the
// first submit button (a browser sends the pressed button's name and value). A later attempt after a
// rejection ticks more boxes and writes more text, which is how a person reacts to "choose at least 2".
import type { FormControl, HtmlForm } from '@/lib/bench/html-form';

export type Rng = () => number;

function pickDistinct<T>(values: readonly T[], count: number, rng: Rng): T[] {
  const pool = [...values];
  const picked: T[] = [];
  while (picked.length < count && pool.length) picked.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as T);
  return picked;
}

const TEXT = 'Answer written by the participant benchmark.';

function textFor(c: FormControl, attempt: number): string {
  const text = Array.from({ length: attempt + 1 }, () => TEXT).join(' ');
  return c.maxLength !== undefined ? text.slice(0, c.maxLength) : text;
}

/** The name/value pairs a browser would post, in document order of the groups. */
export function fillForm(form: HtmlForm, rng: Rng, attempt = 0): [string, string][] {
  const usable = form.controls.filter((c) => !c.disabled && c.name !== '');
  const pairs: [string, string][] = [];
  const groups = new Map<string, FormControl[]>();
  for (const c of usable) {
    if (c.type !== 'radio' && c.type !== 'checkbox') continue;
    const key = `${c.type}:${c.name}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const done = new Set<string>();
  for (const c of usable) {
    switch (c.type) {
      case 'radio':
      case 'checkbox': {
        const key = `${c.type}:${c.name}`;
        if (done.has(key)) break;
        done.add(key);
        const group = groups.get(key) ?? [];
        const count = c.type === 'radio' ? 1 : Math.min(attempt + 1, group.length);
        for (const chosen of pickDistinct(group, count, rng)) pairs.push([chosen.name, chosen.value]);
        break;
      }
      case 'submit':
      case 'button':
      case 'reset':
      case 'image':
      case 'file':
        break;
      case 'select': {
        const options = (c.options ?? []).filter((o) => o !== '');
        pairs.push([c.name, pickDistinct(options, 1, rng)[0] ?? '']);
        break;
      }
      case 'hidden':
        pairs.push([c.name, c.value]);
        break;
      default:
        // text, textarea, email, number…: text is what the study forms use; others keep their value.
        pairs.push([c.name, c.type === 'text' || c.type === 'textarea' ? textFor(c, attempt) : c.value]);
    }
  }
  // The first enabled submit button is the one pressed; an unnamed one adds nothing to the post.
  const submit = form.controls.find((c) => !c.disabled && c.type === 'submit');
  if (submit?.name) pairs.push([submit.name, submit.value]);
  return pairs;
}

/** The value of a hidden field (e.g. the item id a form answers), or undefined. */
export function hiddenValue(form: HtmlForm, name: string): string | undefined {
  return form.controls.find((c) => c.type === 'hidden' && c.name === name)?.value;
}
