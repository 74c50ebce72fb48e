// A small intruder and coherency study with hand-computed results (shared by the integration test and
// the dashboard's browser test). Two units of one layer: unit 1 has two intruder trials, unit 2 one;
// each unit has a coherency trial. Unit 1's first trial shows images the server generates (channel
// visualisations), so its provenance comes from the Stimulus table.
//
//            int_u1 (d)  int_u1b (a)  int_u2 (b)  coh_u1  coh_u2
//   P1       d ✓         a ✓          b ✓         eyes    mouth
//   P2       d ✓         b ✗          b ✓         eyes    mouth
//   P3       a ✗         a ✓          c ✗         eyes    nothing
//   P4       d ✓         a ✓          b ✓         mouth   mouth
//
// Unit 1: 6/8 correct, unit 2: 3/4, layer: 9/12; chance 1/4 (four images). Coherency: 3 of 4 agree on
// each item; pairwise agreement 0.5 each; Krippendorff's α over both items = 10/38.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { StudyInput } from '@/lib/studies/study-schema';

export function taskStudy(slug: string, faces: readonly string[]): StudyInput {
  const [a = '', b = a, c = b, d = c] = faces;
  const fixed = [a, b, c, d].map((f, i) => ({ value: 'abcd'[i] ?? 'x', src: `faces:${f}`, alt: `Image ${i + 1}` }));
  const vis = (channel: number, seed: number) => ({ method: 'visualization-tv', params: { steps: 2, objective: { type: 'channel', layer: 'dense2', channel } }, seed });
  const probe = (unit: string) => ({ model: 'expression', layer: 'dense2', unit });
  const labels = [{ value: 'eyes', label: 'Eyes' }, { value: 'mouth', label: 'Mouth' }, { value: 'nothing', label: 'Nothing' }];
  return {
    slug,
    title: 'Unit intruders (analysis fixture)',
    consent: { body: 'Fixture consent.' },
    blocks: [
      {
        id: 'tasks',
        items: [
          {
            id: 'int_u1', type: 'intruder', prompt: 'Odd one out?', probe: probe('1'), correct: 'd',
            explain: { image: `faces:${a}`, model: 'expression' },
            options: ['a', 'b', 'c', 'd'].map((value, i) => ({ value, alt: `Pattern ${i + 1}`, generate: vis(value === 'd' ? 2 : 1, i + 1) })),
          },
          { id: 'int_u1b', type: 'intruder', prompt: 'Odd one out?', probe: probe('1'), correct: 'a', options: fixed },
          { id: 'int_u2', type: 'intruder', prompt: 'Odd one out?', probe: probe('2'), correct: 'b', options: fixed },
          { id: 'coh_u1', type: 'coherency', prompt: 'In common?', probe: probe('1'), images: fixed.slice(0, 2), options: labels },
          { id: 'coh_u2', type: 'coherency', prompt: 'In common?', probe: probe('2'), images: fixed.slice(2), options: labels },
        ],
      },
    ],
  };
}

const answers: [string, string, string, string, string][] = [
  ['d', 'a', 'b', 'eyes', 'mouth'],
  ['d', 'b', 'b', 'eyes', 'mouth'],
  ['a', 'a', 'c', 'eyes', 'nothing'],
  ['d', 'a', 'b', 'mouth', 'mouth'],
];
const ITEMS = ['int_u1', 'int_u1b', 'int_u2', 'coh_u1', 'coh_u2'];

export async function seedTaskPeople(db: PrismaClient, options: { studyId: string; versionId: string }): Promise<void> {
  const start = Date.UTC(2026, 10, 2, 9, 0, 0);
  for (const [k, values] of answers.entries()) {
    const consentedAt = new Date(start + k * 3_600_000);
    await db.participant.create({
      data: {
        studyId: options.studyId, studyVersionId: options.versionId, status: 'completed', seed: k + 1,
        startedAt: consentedAt, consentedAt, completedAt: new Date(consentedAt.getTime() + 300_000),
        responses: {
          create: values.map((value, position) => ({
            itemId: ITEMS[position] ?? '', value: JSON.stringify(value), position, responseTimeMs: 2000,
            idempotencyKey: randomUUID(), answeredAt: new Date(consentedAt.getTime() + position * 10_000),
          })),
        },
      },
    });
  }
}
