// The example respondents of the default study: the survey's composition exactly (49 of 101
// practitioners, 36 of 101 explainability users), the same data for the same seed, every answer one the
// participant path would accept in the order it would ask, plausible times, and the survey's preference
// direction without extremes.
import { describe, expect, it } from 'vitest';
import { allItems, studySchema, type Item } from '@/lib/studies/study-schema';
import { parseAnswer } from '@/lib/participation/answer-schema';
import { planSequence, sequenceState } from '@/lib/participation/plan-sequence';
import { buildExampleParticipants, type ExampleParticipant } from '@/lib/example-data/build-example-participants';
import faceExplanations from '@/studies/face-explanations';

const study = studySchema.parse(faceExplanations);
const people = buildExampleParticipants({ study, seed: 1 });
const answer = (p: ExampleParticipant, itemId: string) => p.responses.find((r) => r.itemId === itemId)?.value;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The form values that would have produced a stored answer. */
function formValues(value: unknown): string[] {
  if (value === null) return [''];
  if (value === true) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

/** Replays a respondent through the participant path's sequence and validation. */
function expectValidWalk(p: ExampleParticipant, items: Map<string, Item>, s = study) {
  const plan = planSequence(s, p.seed, p.condition);
  const answers = new Map<string, unknown>();
  for (const r of p.responses) {
    const state = sequenceState(plan, answers);
    expect(state.next?.item.id).toBe(r.itemId);
    expect(r.position).toBe(state.position);
    expect(r.optionOrder).toEqual(state.next?.optionOrder);
    const item = items.get(r.itemId);
    if (!item) throw new Error(`unknown item ${r.itemId}`);
    expect(parseAnswer(item, formValues(r.value))).toEqual({ ok: true, value: r.value });
    answers.set(r.itemId, r.value);
  }
  expect(sequenceState(plan, answers).next).toBeNull();
}

describe('example respondents of the default study', () => {
  it('have the survey’s composition exactly: 49/101 practitioners (48.5 %), 36/101 used XAI (35.6 %)', () => {
    expect(people).toHaveLength(101);
    expect(people.filter((p) => answer(p, 'dl_practitioner') === 'yes')).toHaveLength(49);
    expect(people.filter((p) => answer(p, 'dl_practitioner') === 'no')).toHaveLength(52);
    expect(people.filter((p) => answer(p, 'used_xai') === 'yes')).toHaveLength(36);
    expect(people.filter((p) => answer(p, 'dl_practitioner') === 'yes' && answer(p, 'used_xai') === 'yes')).toHaveLength(30);
    expect(new Set(people.map((p) => p.externalId)).size).toBe(101);
    expect(people[0]?.externalId).toBe('example-001');
  });

  it('are the same for the same seed and differ for another', () => {
    expect(buildExampleParticipants({ study, seed: 1 })).toEqual(people);
    const other = buildExampleParticipants({ study, seed: 2 });
    expect(other.map((p) => p.seed)).not.toEqual(people.map((p) => p.seed));
    expect(other.filter((p) => answer(p, 'used_xai') === 'yes')).toHaveLength(36);
  });

  it('answer every item the participant path would ask, in its order, with answers it accepts', () => {
    const items = new Map(allItems(study).map((i) => [i.id, i]));
    for (const p of people) expectValidWalk(p, items);
    // The conditional follow-up only for those who used explainability methods; all eight faces for everyone.
    expect(people.every((p) => (answer(p, 'xai_methods') !== undefined) === (answer(p, 'used_xai') === 'yes'))).toBe(true);
    const questions = allItems(study).filter((i) => i.type === 'image-choice').map((i) => i.id);
    expect(questions).toHaveLength(8);
    expect(people.every((p) => questions.every((q) => Array.isArray(answer(p, q)) && (answer(p, q) as unknown[]).length >= 1))).toBe(true);
  });

  it('take plausible times', () => {
    for (const p of people) {
      expect(p.startedAt < p.consentedAt).toBe(true);
      const times = p.responses.map((r) => r.answeredAt.getTime());
      expect(times.every((t, k) => t > (times[k - 1] ?? p.consentedAt.getTime()))).toBe(true);
      expect(p.completedAt.getTime()).toBe(times.at(-1));
      expect(p.responses.every((r) => r.responseTimeMs > 0)).toBe(true);
    }
    const choiceMs = people.flatMap((p) => p.responses.filter((r) => r.itemId.startsWith('q')).map((r) => r.responseTimeMs));
    expect(median(choiceMs)).toBeGreaterThan(15_000);
    expect(median(choiceMs)).toBeLessThan(35_000);
    const minutes = median(people.map((p) => (p.completedAt.getTime() - p.consentedAt.getTime()) / 60_000));
    expect(minutes).toBeGreaterThan(3);
    expect(minutes).toBeLessThan(10);
  });

  it('prefer occlusion saliency among practitioners and feature inversion among the others, not all-or-nothing', () => {
    const shares = (practitioner: boolean) => {
      const counts: Record<string, number> = { saliency: 0, inversion: 0, visualization: 0 };
      for (const p of people.filter((x) => answer(x, 'dl_practitioner') === (practitioner ? 'yes' : 'no'))) {
        for (const r of p.responses) if (r.itemId.startsWith('q') && Array.isArray(r.value)) for (const v of r.value) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      }
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return Object.fromEntries(Object.entries(counts).map(([m, n]) => [m, n / total]));
    };
    const yes = shares(true);
    const no = shares(false);
    expect(yes.saliency).toBeGreaterThan((no.saliency ?? 0) + 0.1);
    expect(no.inversion).toBeGreaterThan((yes.inversion ?? 0) + 0.1);
    for (const s of [...Object.values(yes), ...Object.values(no)]) {
      expect(s).toBeGreaterThan(0.1);
      expect(s).toBeLessThan(0.7);
    }
  });
});

describe('example respondents of other item kinds', () => {
  it('answer Likert, attention-check, single-select image and required text items validly, and take conditions in turn', () => {
    const other = studySchema.parse({
      slug: 'kinds', title: 'Kinds', consent: { body: 'Consent.' }, conditions: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
      blocks: [
        {
          id: 'bg', items: [
            { id: 'pro', type: 'single-choice', background: true, prompt: 'Practitioner?', options: [{ value: 'y', label: 'Yes' }, { value: 'n', label: 'No' }] },
            { id: 'xai', type: 'single-choice', background: true, prompt: 'XAI?', options: [{ value: 'y', label: 'Yes' }, { value: 'n', label: 'No' }] },
          ],
        },
        {
          id: 'main', shuffle: true, items: [
            { id: 'l', type: 'likert', prompt: 'Agree?', points: 7, anchors: { min: 'no', max: 'yes' } },
            { id: 'att', type: 'attention-check', prompt: 'Pick b', correct: 'b', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
            { id: 'one', type: 'image-choice', prompt: 'Which?', conditions: ['a'], options: [{ value: 'o1', src: 'faces:x.jpg', alt: 'x', method: 'saliency' }, { value: 'o2', src: 'faces:y.jpg', alt: 'y', method: 'inversion' }] },
            { id: 'why', type: 'free-text', prompt: 'Why?', minLength: 10 },
          ],
        },
      ],
    });
    const made = buildExampleParticipants({ study: other, seed: 3 });
    const items = new Map(allItems(other).map((i) => [i.id, i]));
    for (const p of made) expectValidWalk(p, items, other);
    expect(made.filter((p) => p.condition === 'a')).toHaveLength(51);
    expect(made.every((p) => answer(p, 'att') === 'b')).toBe(true);
    expect(made.filter((p) => answer(p, 'pro') === 'y')).toHaveLength(49);
  });
});
