// Placeholder text a study must not reach participants with (issue #16 item 4): a template's consent
// text passed every schema check, so the editor said "valid" and publishing went ahead. Placeholders are
// defined narrowly, so that real text is never flagged:
//  - exactly one of the strings the templates and the editor's "add" buttons fill in (below), and
//  - anywhere in a text: TODO, TBD, FIXME, XXX, "lorem ipsum", "[...]"/"[…]", and bracketed
//    instructions such as "[insert …]" or "[your …]".
// Browser-safe (no server imports): the editor warns while the researcher types; publishing asks.
import { z } from 'zod';

/** Text the templates (lib/studies/study-templates.ts) and the editor's new items start with. */
export const TEMPLATE_TEXT = {
  consentBody: 'Describe the study, what is recorded, how long it takes and how to withdraw.',
  firstQuestion: 'Your first question',
  question: 'Question',
  imageQuestion: 'Which image…?',
  pageTitle: 'Title',
  pageBody: 'Text',
  imageAlt: 'Describe the image',
} as const;

const templateTexts = new Set<string>(Object.values(TEMPLATE_TEXT).map((t) => t.toLowerCase()));

const MARKERS: { pattern: RegExp; name: (match: string) => string }[] = [
  { pattern: /\b(?:TODO|TBD|FIXME|XXX+)\b/, name: (m) => `"${m}"` },
  { pattern: /lorem ipsum/i, name: () => '"Lorem ipsum"' },
  { pattern: /\[(?:\s*(?:\.{3}|…)\s*|\s*(?:insert|your|enter|add|placeholder)\b[^\]\n]*)\]/i, name: (m) => `"${m}"` },
];

export interface PlaceholderText {
  /** The draft path of the field ("consent.body"), as the editor's fields and issues use. */
  path: string;
  /** The field as the researcher knows it: "Consent text", "Debrief page "end": text". */
  field: string;
  /** What was found: "the template's text", or the marker. */
  found: string;
}

// A draft may be invalid in any way (drafts are saved as they are), so every part is optional and a
// part of the wrong shape is skipped rather than rejected.
const text = z.string().optional().catch(undefined);
const optionsSchema = z.array(z.object({ value: text, label: text, alt: text }).catch({})).optional().catch(undefined);
const draftTextsSchema = z
  .object({
    title: text,
    consent: z.object({ title: text, body: text, agreeLabel: text, declineLabel: text }).optional().catch(undefined),
    blocks: z
      .array(
        z
          .object({
            items: z
              .array(z.object({ id: text, type: text, role: text, title: text, body: text, prompt: text, help: text, options: optionsSchema, images: optionsSchema }).catch({}))
              .optional()
              .catch(undefined),
          })
          .catch({}),
      )
      .optional()
      .catch(undefined),
    completion: z.object({ message: text }).optional().catch(undefined),
  })
  .catch({});

function placeholderIn(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (templateTexts.has(value.trim().toLowerCase())) return "the template's text";
  for (const m of MARKERS) {
    const hit = m.pattern.exec(value);
    if (hit) return m.name(hit[0]);
  }
  return null;
}

/** Every text participants would read that still holds placeholder text, in the order they read it. */
export function findPlaceholderText(draft: unknown): PlaceholderText[] {
  const d = draftTextsSchema.parse(draft);
  const found: PlaceholderText[] = [];
  const check = (path: string, field: string, value: string | undefined) => {
    const what = placeholderIn(value);
    if (what) found.push({ path, field, found: what });
  };
  check('title', 'Study title', d.title);
  check('consent.title', 'Consent heading', d.consent?.title);
  check('consent.body', 'Consent text', d.consent?.body);
  check('consent.agreeLabel', 'Consent agree button', d.consent?.agreeLabel);
  check('consent.declineLabel', 'Consent decline button', d.consent?.declineLabel);
  d.blocks?.forEach((block, b) =>
    block.items?.forEach((item, i) => {
      const at = `blocks.${b}.items.${i}`;
      const name = item.id ? `"${item.id}"` : `${i + 1} of block ${b + 1}`;
      if (item.type === 'page') {
        const kind = item.role === 'debrief' ? 'Debrief page' : item.role === 'instructions' ? 'Instructions page' : 'Page';
        check(`${at}.title`, `${kind} ${name}: title`, item.title);
        check(`${at}.body`, `${kind} ${name}: text`, item.body);
        return;
      }
      check(`${at}.prompt`, `Item ${name}: question`, item.prompt);
      check(`${at}.help`, `Item ${name}: help text`, item.help);
      for (const key of ['options', 'images'] as const) {
        item[key]?.forEach((o, k) => {
          const option = o.value ? `"${o.value}"` : `${k + 1}`;
          check(`${at}.${key}.${k}.label`, `Item ${name}, option ${option}: label`, o.label);
          check(`${at}.${key}.${k}.alt`, `Item ${name}, image ${option}: alt text`, o.alt);
        });
      }
    }),
  );
  check('completion.message', 'Completion message', d.completion?.message);
  return found;
}
