// Labels and geometry of the results dashboard's charts: {prediction} resolved for display, questions
// named by id, model and face, two-way splits naming both questions, every category labelled, and
// intervals kept at 0 % and 100 %.
import { describe, expect, it } from 'vitest';
import { faceNameOf, itemDisplayLabel, itemShortLabel, PREDICTION_STAND_IN, resolvePrompt } from '@/lib/analysis/item-labels';
import { buildItemCatalog, isPreferenceItem, type CatalogItem } from '@/lib/analysis/item-catalog';
import { backgroundGroupLabel } from '@/lib/analysis/background-groups';
import { chartRows, chooseLayout, errorDeltas, MAX_COLUMNS, wrapLabel } from '@/app/_components/analysis/chart-geometry';
import { studySchema } from '@/lib/studies/study-schema';
import faceExplanations from '@/studies/face-explanations';

const option = (value: string, label: string) => ({ value, label, method: null, src: null, generated: null });
const splitItem = (id: string, options: [string, string][]): CatalogItem => ({
  id, type: 'single-choice', prompt: `${id}?`, background: true, multiple: false, options: options.map(([v, l]) => option(v, l)), correct: null, probe: null, images: [], points: null,
});

describe('prompt resolution and question labels', () => {
  it('replaces every {prediction} with the stand-in or a given prediction', () => {
    expect(resolvePrompt('Looks {prediction}; really {prediction}?')).toBe(`Looks ${PREDICTION_STAND_IN}; really ${PREDICTION_STAND_IN}?`);
    expect(resolvePrompt('Looks {prediction}.', 'angry')).toBe('Looks angry.');
    expect(resolvePrompt('No placeholder')).toBe('No placeholder');
  });

  it('names a face by its file, an upload by a short hash', () => {
    expect(faceNameOf('faces:13_syn_angry_woman.jpg')).toBe('13_syn_angry_woman.jpg');
    expect(faceNameOf('faces:demo/sub/x.png')).toBe('x.png');
    expect(faceNameOf(`upload:${'ab'.repeat(32)}`)).toBe('upload abababab');
    expect(faceNameOf(null)).toBeNull();
  });

  it('labels a question by id, model and face, then the resolved prompt', () => {
    const item = { id: 'q1_expression', prompt: 'The model thinks this person looks {prediction}. Which?', model: 'expression', face: 'faces:13_syn_angry_woman.jpg' };
    expect(itemDisplayLabel(item)).toBe('q1_expression · expression model · 13_syn_angry_woman.jpg: The model thinks this person looks [prediction]. Which?');
    expect(itemShortLabel(item)).toBe('q1_expression · expression model · 13_syn_angry_woman.jpg');
    expect(itemDisplayLabel({ id: 'field', prompt: 'What is your field?' })).toBe('field: What is your field?');
  });

  it('gives the default study’s eight questions eight distinct labels without the placeholder', () => {
    const items = buildItemCatalog([studySchema.parse(faceExplanations)]);
    const questions = items.filter(isPreferenceItem);
    expect(questions).toHaveLength(8);
    expect(questions.every((q) => q.prompt.includes('{prediction}'))).toBe(true);
    const labels = questions.map((q) => itemDisplayLabel(q));
    expect(new Set(labels).size).toBe(8);
    for (const label of items.map((i) => itemDisplayLabel(i))) expect(label).not.toContain('{prediction}');
    expect(labels[0]).toMatch(/^q1_expression · expression model · \S+: The model thinks this person looks \[prediction\]\. Which explanation\(s\) best help you understand why\?$/);
  });
});

describe('background group labels', () => {
  const dl = splitItem('dl_practitioner', [['yes', 'Yes'], ['no', 'No']]);
  const xai = splitItem('xai_methods', [['saliency', 'Saliency'], ['inversion', 'Inversion']]);
  it('keeps one-way splits as the answer', () => {
    expect(backgroundGroupLabel([dl], ['yes'])).toBe('Yes');
    expect(backgroundGroupLabel([dl], [null])).toBe('(no answer)');
    expect(backgroundGroupLabel([], [])).toBe('Everyone');
  });
  it('names both questions in a two-way split', () => {
    expect(backgroundGroupLabel([dl, xai], ['yes', 'inversion'])).toBe('dl_practitioner = Yes × xai_methods = Inversion');
    expect(backgroundGroupLabel([dl, xai], ['no', 'inversion+saliency'])).toBe('dl_practitioner = No × xai_methods = Inversion + Saliency');
    expect(backgroundGroupLabel([dl, xai], ['no', null])).toBe('dl_practitioner = No × xai_methods = (no answer)');
  });
});

describe('error-bar deltas', () => {
  it('keeps the upper side of an interval around a 0 % bar', () => {
    const d = errorDeltas(0, 0, 0.658, 100);
    expect(d?.[0]).toBe(0);
    expect(d?.[1]).toBeCloseTo(65.8, 10);
  });
  it('keeps the lower side of an interval around a 100 % bar', () => {
    const d = errorDeltas(1, 0.342, 1, 100);
    expect(d?.[0]).toBeCloseTo(65.8, 10);
    expect(d?.[1]).toBe(0);
  });
  it('never goes negative and is null without an interval', () => {
    expect(errorDeltas(0.5, 0.5000001, 0.7)?.[0]).toBe(0);
    expect(errorDeltas(0.5, null, 0.7)).toBeNull();
    expect(errorDeltas(null, 0, 1)).toBeNull();
  });
  it('puts the deltas of zero-height bars into the chart rows', () => {
    const rows = chartRows([{ category: 'A', points: { S: { value: 0, lower: 0, upper: 0.658 } } }, { category: 'B', points: { S: { value: 1, lower: 0.342, upper: 1 } } }], ['S'], true);
    expect(rows[0]?.s0).toBe(0);
    expect(rows[0]?.e0).toEqual([0, expect.closeTo(65.8, 10)]);
    expect(rows[1]?.s0).toBe(100);
    expect(rows[1]?.e0).toEqual([expect.closeTo(65.8, 10), 0]);
  });
});

describe('category labels', () => {
  it('wraps without losing or over-running words', () => {
    const label = 'q1_expression · expression model · 13_syn_angry_woman_with_a_very_long_file_name.jpg';
    const lines = wrapLabel(label, 18);
    expect(lines.every((l) => l.length <= 18)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe(label.replace(/\s/g, ''));
    expect(wrapLabel('', 10)).toEqual(['']);
  });
  it('uses columns for a few categories and horizontal bars for many or long ones', () => {
    expect(chooseLayout(['Yes', 'No'], 3).kind).toBe('columns');
    const many = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `q${i + 1}`);
    const layout = chooseLayout(many, 1);
    expect(layout.kind).toBe('bars');
    const long = chooseLayout(['A very long category label that would need many lines in a narrow column of a chart', 'B', 'C', 'D', 'E'], 1);
    expect(long.kind).toBe('bars');
  });
  it('makes columns tall enough for every wrapped line', () => {
    const layout = chooseLayout(['Started (decided on consent)', 'Consented', 'Completed', 'Completed but excluded'], 1);
    expect(layout.kind).toBe('columns');
    if (layout.kind === 'columns') expect(layout.tickHeight).toBeGreaterThanOrEqual(15 * wrapLabel('Started (decided on consent)', layout.wrapWidth).length);
  });
});
