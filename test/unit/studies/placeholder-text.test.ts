// Placeholder text is flagged before publishing (issue #16 item 4): exactly the templates' own strings
// and a few unmistakable markers, never real study text.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaceholderText, TEMPLATE_TEXT } from '@/lib/studies/placeholder-text';
import { studyTemplates } from '@/lib/studies/study-templates';
import { loadStudyFiles } from '@/lib/studies/load-study-files';
import { itemKinds, newItem } from '@/app/_components/editor/item-editor';

const fromTemplate = (id: keyof typeof studyTemplates) => ({ slug: 'new-study', title: 'Face study', ...studyTemplates[id].study });

describe('placeholder text', () => {
  it("flags the templates' consent text and first question by field", () => {
    expect(findPlaceholderText(fromTemplate('blank'))).toEqual([
      { path: 'consent.body', field: 'Consent text', found: "the template's text" },
      { path: 'blocks.0.items.0.prompt', field: 'Item "q1": question', found: "the template's text" },
    ]);
    expect(findPlaceholderText(fromTemplate('explanation-preference')).map((p) => p.path)).toEqual(['consent.body']);
  });

  it("flags the texts the editor's new items start with, and not the usable default prompts", () => {
    const flagged: string[] = [];
    for (const { value } of itemKinds) {
      const item = newItem(value, 'x1');
      const texts = [Reflect.get(item, 'prompt'), Reflect.get(item, 'title'), Reflect.get(item, 'body')].filter((t) => typeof t === 'string');
      const draft = { title: 'T', consent: { body: 'Real consent.' }, blocks: [{ id: 'b', items: [item] }] };
      const isPlaceholder = (t: unknown) => Object.values(TEMPLATE_TEXT).some((p) => p === t);
      expect([value, findPlaceholderText(draft).length]).toEqual([value, texts.filter(isPlaceholder).length]);
      if (texts.some(isPlaceholder)) flagged.push(value);
    }
    // Attention checks, intruder and coherency trials start with prompts that can be used as they are.
    expect(flagged.sort()).toEqual(['free-text', 'image-choice', 'likert', 'multiple-choice', 'page', 'single-choice']);
  });

  it('finds markers in title, consent and debrief, naming the debrief page', () => {
    const draft = {
      title: 'Study TODO',
      consent: { title: 'Consent', body: 'You will see faces. Lorem ipsum dolor sit amet. Contact [insert email].' },
      blocks: [{ id: 'b', items: [{ id: 'end', type: 'page', role: 'debrief', title: 'Thank you', body: 'The study was about [...].' }] }],
    };
    expect(findPlaceholderText(draft)).toEqual([
      { path: 'title', field: 'Study title', found: '"TODO"' },
      { path: 'consent.body', field: 'Consent text', found: '"Lorem ipsum"' },
      { path: 'blocks.0.items.0.body', field: 'Debrief page "end": text', found: '"[...]"' },
    ]);
  });

  it('leaves real text alone: citations, Spanish "todo", prompt and completion variables', () => {
    const draft = {
      title: 'Todo sobre explicaciones',
      consent: { body: 'Saliency maps [1] and inversions [2, 3] are shown. Questions? Write to us.', agreeLabel: 'Yes' },
      blocks: [{ id: 'b', items: [{ id: 'q', type: 'image-choice', prompt: 'Why is this face seen as {prediction}?', options: [{ value: 'a', alt: 'Map [A]' }] }] }],
      completion: { message: 'Your code is {CODE}. Text us about the question.' },
    };
    expect(findPlaceholderText(draft)).toEqual([]);
  });

  it('finds none in the studies shipped with the project', async () => {
    const loaded = await loadStudyFiles({ dir: path.join(process.cwd(), 'studies') });
    expect(loaded.studies.length).toBeGreaterThan(0);
    for (const s of loaded.studies) expect([s.study.slug, findPlaceholderText(s.study)]).toEqual([s.study.slug, []]);
  });

  it('reads drafts of any shape without throwing (drafts are saved while invalid)', () => {
    for (const draft of [null, 42, 'x', {}, { consent: 5, blocks: 'x' }, { blocks: [null, { items: [7, { type: 'page', title: ['x'] }] }] }]) {
      expect(findPlaceholderText(draft)).toEqual([]);
    }
    expect(findPlaceholderText({ blocks: [null, { items: [{ prompt: TEMPLATE_TEXT.question }] }] })).toEqual([{ path: 'blocks.1.items.0.prompt', field: 'Item 1 of block 2: question', found: "the template's text" }]);
  });
});
