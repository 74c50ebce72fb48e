// A small study with hand-computed results, shared by the analysis integration test and the
// dashboard's browser test. Eight people: six completed (one straight-lines the Likert items, one
// fails the attention check, one finishes in a tenth of the median time), one still answering, one
// declined. The expected figures in the tests are worked out by hand from the table below.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { StudyInput } from '@/lib/studies/study-schema';

export function analysisStudy(slug: string, faces: readonly string[]): StudyInput {
  const [a = '', b = a, c = b] = faces;
  return {
    slug,
    title: 'Explanation preferences (analysis fixture)',
    consent: { body: 'Fixture consent.' },
    blocks: [
      {
        id: 'about',
        items: [
          { id: 'practitioner', type: 'single-choice', background: true, prompt: 'Do you work with deep learning?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
          {
            id: 'used_xai', type: 'multiple-choice', background: true, prompt: 'Which explanation methods have you used?', showIf: { item: 'practitioner', equals: 'yes' },
            options: [{ value: 'saliency', label: 'Saliency maps' }, { value: 'inversion', label: 'Feature inversion' }, { value: 'none', label: 'None' }],
          },
        ],
      },
      {
        id: 'main',
        items: [
          { id: 'l1', type: 'likert', prompt: 'Likert one', anchors: { min: 'low', max: 'high' } },
          { id: 'l2', type: 'likert', prompt: 'Likert two', anchors: { min: 'low', max: 'high' } },
          { id: 'l3', type: 'likert', prompt: 'Likert three', anchors: { min: 'low', max: 'high' } },
          {
            id: 'pref', type: 'image-choice', prompt: 'Which explanation helps you most?',
            options: [
              { value: 'o1', src: `faces:${a}`, alt: 'A saliency map', caption: 'Map', method: 'saliency' },
              { value: 'o2', src: `faces:${b}`, alt: 'An inversion', caption: 'Inversion', method: 'inversion' },
              { value: 'o3', src: `faces:${c}`, alt: 'A visualisation', caption: 'Visualisation', method: 'visualization' },
            ],
          },
          {
            id: 'pref_multi', type: 'image-choice', prompt: 'Which explanations are useful?', multiple: true, minSelected: 0,
            options: [
              { value: 'o1', src: `faces:${a}`, alt: 'A saliency map', method: 'saliency' },
              { value: 'o2', src: `faces:${b}`, alt: 'An inversion', method: 'inversion' },
              { value: 'o3', src: `faces:${c}`, alt: 'A visualisation', method: 'visualization' },
            ],
          },
          { id: 'att', type: 'attention-check', prompt: 'Choose blue.', correct: 'blue', options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] },
        ],
      },
    ],
  };
}

type Person = {
  status: 'consented' | 'completed' | 'declined';
  seconds?: number;
  answers: [itemId: string, value: unknown, responseTimeMs?: number][];
};

const L = (a: number, b: number, c: number): Person['answers'] => [['l1', a], ['l2', b], ['l3', c]];

export const fixturePeople: Person[] = [
  { status: 'completed', seconds: 600, answers: [['practitioner', 'yes'], ['used_xai', ['saliency']], ...L(3, 3, 3), ['pref', 'o1', 1000], ['pref_multi', ['o1', 'o2']], ['att', 'blue']] },
  { status: 'completed', seconds: 600, answers: [['practitioner', 'yes'], ['used_xai', ['saliency', 'inversion']], ...L(1, 2, 3), ['pref', 'o1', 2000], ['pref_multi', ['o1']], ['att', 'blue']] },
  { status: 'completed', seconds: 600, answers: [['practitioner', 'yes'], ['used_xai', ['none']], ...L(2, 2, 4), ['pref', 'o2', 3000], ['pref_multi', ['o2', 'o3']], ['att', 'red']] },
  { status: 'completed', seconds: 600, answers: [['practitioner', 'no'], ...L(5, 4, 3), ['pref', 'o3', 4000], ['pref_multi', ['o3']], ['att', 'blue']] },
  { status: 'completed', seconds: 60, answers: [['practitioner', 'no'], ...L(1, 1, 2), ['pref', 'o3', 5000], ['pref_multi', []], ['att', 'blue']] },
  { status: 'completed', seconds: 600, answers: [['practitioner', 'no'], ...L(4, 4, 5), ['pref', 'o1', 6000], ['pref_multi', ['o1', 'o3']], ['att', 'blue']] },
  { status: 'consented', answers: [['practitioner', 'yes'], ['pref', 'o2', 7000]] },
  { status: 'declined', answers: [] },
];

/** Inserts the people above as participants of a published version, as the participant pages would. */
export async function seedFixturePeople(db: PrismaClient, options: { studyId: string; versionId: string }): Promise<void> {
  const start = Date.UTC(2026, 10, 1, 9, 0, 0);
  for (const [k, person] of fixturePeople.entries()) {
    const consentedAt = person.status === 'declined' ? null : new Date(start + k * 3_600_000);
    await db.participant.create({
      data: {
        studyId: options.studyId,
        studyVersionId: options.versionId,
        status: person.status,
        seed: k + 1,
        startedAt: new Date(start + k * 3_600_000),
        consentedAt,
        completedAt: consentedAt && person.seconds ? new Date(consentedAt.getTime() + person.seconds * 1000) : null,
        responses: {
          create: person.answers.map(([itemId, value, ms], position) => ({
            itemId,
            value: JSON.stringify(value),
            position,
            responseTimeMs: ms ?? 1500,
            idempotencyKey: randomUUID(),
            answeredAt: new Date(start + k * 3_600_000 + position * 10_000),
          })),
        },
      },
    });
  }
}
