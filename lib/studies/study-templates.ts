// Starting points for a new study in the authoring UI. Each is a valid StudyInput except for the
// slug and title, which the researcher chooses. Text the researcher must replace comes from
// TEMPLATE_TEXT, so publishing can tell that it was never replaced.
import type { StudyInput } from '@/lib/studies/study-schema';
import { TEMPLATE_TEXT } from '@/lib/studies/placeholder-text';

type Template = Omit<StudyInput, 'slug' | 'title'>;

const consent = {
  body: TEMPLATE_TEXT.consentBody,
};

export const studyTemplates = {
  blank: {
    label: 'Blank study (one question)',
    study: {
      consent,
      blocks: [{ id: 'main', items: [{ id: 'q1', type: 'single-choice', prompt: TEMPLATE_TEXT.firstQuestion, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] }] }],
    },
  },
  'explanation-preference': {
    label: 'Explanation preference (background + image choice)',
    study: {
      consent,
      blocks: [
        {
          id: 'background',
          items: [
            { id: 'dl_practitioner', type: 'single-choice', background: true, prompt: 'Do you work with deep learning?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
            { id: 'used_xai', type: 'single-choice', background: true, prompt: 'Have you used or implemented explainability methods?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
          ],
        },
        {
          id: 'explanations',
          shuffle: true,
          items: [{ id: 'attention', type: 'attention-check', prompt: 'Please choose "Blue".', correct: 'blue', options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] }],
        },
      ],
    },
  },
} satisfies Record<string, { label: string; study: Template }>;

export type StudyTemplateId = keyof typeof studyTemplates;
