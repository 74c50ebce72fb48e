// The progress counter counts questions only: information pages neither get a question number nor
// count towards the total (issue 16, item 11).
import { describe, expect, it } from 'vitest';
import { studySchema } from '@/lib/studies/study-schema';
import { planSequence, sequenceState } from '@/lib/participation/plan-sequence';
import { describeProgress } from '@/lib/participation/describe-progress';

const choice = (id: string) => ({ id, type: 'single-choice' as const, prompt: id, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] });
const page = (id: string) => ({ id, type: 'page' as const, title: id, body: 'Read this.' });

const study = studySchema.parse({
  slug: 'progress',
  title: 'Progress',
  consent: { body: 'ok' },
  blocks: [
    { id: 'b', items: [page('instructions'), choice('q1'), { ...choice('q2'), showIf: { item: 'q1', equals: 'yes' } }, page('middle'), choice('q3'), page('debrief')] },
  ],
});

/** Progress shown on the next screen after answering `answered` in order. */
function progressAfter(answers: [string, unknown][]) {
  const state = sequenceState(planSequence(study, 1, null), new Map(answers));
  return { next: state.next?.item.id, ...describeProgress(state, state.next?.item.type !== 'page') };
}

describe('describeProgress', () => {
  it('counts questions only and gives information pages no question number', () => {
    expect(progressAfter([])).toEqual({ next: 'instructions', label: '0 of 3 questions answered', percent: 0 });
    expect(progressAfter([['instructions', true]])).toEqual({ next: 'q1', label: 'Question 1 of 3', percent: 0 });
    expect(progressAfter([['instructions', true], ['q1', 'yes']])).toEqual({ next: 'q2', label: 'Question 2 of 3', percent: 33 });
    expect(progressAfter([['instructions', true], ['q1', 'yes'], ['q2', 'no']])).toEqual({ next: 'middle', label: '2 of 3 questions answered', percent: 67 });
    expect(progressAfter([['instructions', true], ['q1', 'yes'], ['q2', 'no'], ['middle', true]])).toEqual({ next: 'q3', label: 'Question 3 of 3', percent: 67 });
    expect(progressAfter([['instructions', true], ['q1', 'yes'], ['q2', 'no'], ['middle', true], ['q3', 'no']])).toEqual({ next: 'debrief', label: '3 of 3 questions answered', percent: 100 });
  });

  it('drops a conditional question from the count once it is decided not to show', () => {
    expect(progressAfter([['instructions', true], ['q1', 'no']])).toEqual({ next: 'middle', label: '1 of 2 questions answered', percent: 50 });
    expect(progressAfter([['instructions', true], ['q1', 'no'], ['middle', true]])).toEqual({ next: 'q3', label: 'Question 2 of 2', percent: 50 });
  });

  it('counts pages as pages in a study without questions, and says "question" for one', () => {
    expect(describeProgress({ answered: 1, total: 3, questions: { answered: 0, total: 0 } }, false)).toEqual({ label: 'Page 2 of 3', percent: 33 });
    expect(describeProgress({ answered: 0, total: 2, questions: { answered: 0, total: 1 } }, false)).toEqual({ label: '0 of 1 question answered', percent: 0 });
  });
});
