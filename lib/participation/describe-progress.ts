// What the progress bar says. Participants count questions, not screens: an instructions or debrief
// page is not "Question 6 of 16" (issue 16, item 11). So the counter and the bar count questions only;
// on an information page the label says how many questions are done instead of giving the page a number.
import type { SequenceState } from '@/lib/participation/plan-sequence';

export interface ProgressView {
  /** e.g. "Question 3 of 8" on a question, "2 of 8 questions answered" on an information page. */
  label: string;
  /** Share of questions answered, 0–100 (of screens when a study has no questions at all). */
  percent: number;
}

const questionsWord = (n: number) => (n === 1 ? 'question' : 'questions');

export function describeProgress(state: Pick<SequenceState, 'answered' | 'total' | 'questions'>, onQuestion: boolean): ProgressView {
  const { questions } = state;
  if (questions.total === 0) {
    // Only information pages: there is no question to count, so count the pages as steps.
    const step = Math.min(state.answered + 1, state.total);
    return { label: state.total > 0 ? `Page ${step} of ${state.total}` : '', percent: state.total === 0 ? 0 : Math.round((state.answered / state.total) * 100) };
  }
  const percent = Math.round((questions.answered / questions.total) * 100);
  if (onQuestion) return { label: `Question ${Math.min(questions.answered + 1, questions.total)} of ${questions.total}`, percent };
  return { label: `${questions.answered} of ${questions.total} ${questionsWord(questions.total)} answered`, percent };
}
