// Pooled preference by background (Figure 18) through the dashboard, on a real migrated SQLite
// database: the shared hand-computed fixture (two method questions, one multi-select) and a small
// study whose questions explain two models, to check the model subset.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { studySchema, type StudyInput } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { dashboardQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { analysisStudy, seedFixturePeople } from '../support/analysis-fixture';

let cleanup: () => Promise<void>;
let owner: Actor;
let stranger: Actor;
let strangerAnalyst: Actor;
let fixtureId = '';
let modelsId = '';

function modelStudy(faces: readonly string[]): StudyInput {
  const face = faces[0] ?? '';
  const options = [
    { value: 'o1', src: `faces:${face}`, alt: 'A saliency map', method: 'saliency' },
    { value: 'o2', src: `faces:${faces[1] ?? face}`, alt: 'An inversion', method: 'inversion' },
  ];
  const explain = (model: string) => ({ image: `faces:${face}`, model });
  return {
    slug: 'pooled-models',
    title: 'Pooled by model',
    consent: { body: 'Fixture consent.' },
    blocks: [{
      id: 'all',
      items: [
        { id: 'dl', type: 'single-choice', background: true, prompt: 'Deep learning?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
        { id: 'qa1', type: 'image-choice', prompt: 'Gender one', explain: explain('gender'), options },
        { id: 'qa2', type: 'image-choice', prompt: 'Gender two', explain: explain('gender'), options, multiple: true, minSelected: 0 },
        { id: 'qb1', type: 'image-choice', prompt: 'Age one', explain: explain('age'), options },
      ],
    }],
  };
}

// P1 and P2 practise deep learning, P3 does not (qa2 is multi-select; P3 selected nothing there).
const modelPeople: [string, unknown][][] = [
  [['dl', 'yes'], ['qa1', 'o1'], ['qa2', ['o1', 'o2']], ['qb1', 'o2']],
  [['dl', 'yes'], ['qa1', 'o2'], ['qa2', ['o2']], ['qb1', 'o2']],
  [['dl', 'no'], ['qa1', 'o1'], ['qa2', []], ['qb1', 'o1']],
];

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const make = async (email: string, role: Actor['role']): Promise<Actor> => {
    const u = await createUser({ actor: null, input: { email, role, password: 'long-enough-password' } });
    return { id: u.id, email: u.email, role };
  };
  owner = await make('owner@p.test', 'researcher');
  stranger = await make('stranger@p.test', 'researcher');
  strangerAnalyst = await make('analyst@p.test', 'analyst');
  const faces = getFaceLibrary().files;
  const fixture = await publishStudyVersion({ study: studySchema.parse(analysisStudy('pooled-fixture', faces)) });
  fixtureId = fixture.studyId;
  await getDb().study.update({ where: { id: fixtureId }, data: { ownerId: owner.id, source: 'ui' } });
  await seedFixturePeople(getDb(), { studyId: fixtureId, versionId: fixture.versionId });

  const models = await publishStudyVersion({ study: studySchema.parse(modelStudy(faces)) });
  modelsId = models.studyId;
  await getDb().study.update({ where: { id: modelsId }, data: { ownerId: owner.id, source: 'ui' } });
  for (const [k, answers] of modelPeople.entries()) {
    const at = new Date(Date.UTC(2026, 10, 1, 9 + k));
    await getDb().participant.create({
      data: {
        studyId: modelsId, studyVersionId: models.versionId, status: 'completed', seed: k + 1, startedAt: at, consentedAt: at, completedAt: new Date(at.getTime() + 600_000),
        responses: { create: answers.map(([itemId, value], position) => ({ itemId, value: JSON.stringify(value), position, responseTimeMs: 1500, idempotencyKey: randomUUID(), answeredAt: at })) },
      },
    });
  }
});
afterAll(async () => cleanup());

const pooled = async (studyId: string, query: Record<string, unknown>, actor: Actor = owner) => (await getResultsDashboard({ actor, studyId, query: dashboardQuerySchema.parse(query) })).pooled;
const counts = (g: { cells: { count: number }[] } | undefined) => g?.cells.map((c) => c.count);

describe('pooled preference by background', () => {
  it('pools selections over the method questions per practitioner group (hand-computed)', async () => {
    const p = await pooled(fixtureId, { pooledSplit: 'practitioner' });
    expect(p?.itemIds).toEqual(['pref', 'pref_multi']);
    expect(p?.multiple).toBe(true);
    expect(p?.methods).toEqual(['saliency', 'inversion', 'visualization']);
    // Yes (people 1, 2, 3 and 7, who is still answering): pref o1, o1, o2, o2; pref_multi [o1, o2], [o1], [o2, o3].
    // No (people 4, 5, 6): pref o3, o3, o1; pref_multi [o3], [], [o1, o3].
    const [yes, no] = p?.groups ?? [];
    expect([yes?.label, yes?.participants, yes?.selections, ...(counts(yes) ?? [])]).toEqual(['Yes', 4, 9, 4, 4, 1]);
    expect([no?.label, no?.participants, no?.selections, ...(counts(no) ?? [])]).toEqual(['No', 3, 6, 2, 0, 4]);
    expect(yes?.cells.map((c) => c.share)).toEqual([4 / 9, 4 / 9, 1 / 9]);
    expect(counts(p?.overall)).toEqual([6, 4, 5]);
    for (const c of [...(yes?.cells ?? []), ...(no?.cells ?? [])]) {
      expect(c.lower ?? 2).toBeLessThanOrEqual(c.share ?? -1);
      expect(c.upper ?? -1).toBeGreaterThanOrEqual(c.share ?? 2);
    }
    // Nobody in "No" chose an inversion, so every resample gives 0.
    expect([no?.cells[1]?.lower, no?.cells[1]?.upper]).toEqual([0, 0]);
    expect(p?.test?.test).toBe('cluster-permutation');
    expect(p?.test?.participants).toBe(7);
    expect(p?.test?.pValue).toBeGreaterThan(0);
    // The same view twice gives the same intervals and p (seeded).
    expect(await pooled(fixtureId, { pooledSplit: 'practitioner' })).toEqual(p);
  });

  it('leaves out excluded participants and splits by a combination', async () => {
    const kept = await pooled(fixtureId, { pooledSplit: 'practitioner', include: 'kept' });
    // Left out: person 1 (straight-lines), 3 (attention check), 5 (too fast). Kept yes: 2 (o1, [o1])
    // and 7 (o2, still answering); kept no: 4 (o3, [o3]) and 6 (o1, [o1, o3]).
    expect(kept?.groups.map((g) => [g.label, g.participants, counts(g)])).toEqual([['Yes', 2, [2, 1, 0]], ['No', 2, [2, 0, 3]]]);
    const combo = await pooled(fixtureId, { pooledSplit: ['practitioner', 'used_xai'] });
    expect(combo?.groups.map((g) => [g.label, g.participants])).toEqual([
      ['practitioner = Yes × used_xai = Saliency maps', 1], ['practitioner = Yes × used_xai = None', 1], ['practitioner = Yes × used_xai = Feature inversion + Saliency maps', 1],
      ['practitioner = Yes × used_xai = (no answer)', 1], ['practitioner = No × used_xai = (no answer)', 3],
    ]);
  });

  it('pools only one model’s questions when asked', async () => {
    const all = await pooled(modelsId, { pooledSplit: 'dl' });
    expect(all?.models).toEqual(['age', 'gender']);
    expect(all?.groups.map((g) => [g.label, g.participants, counts(g)])).toEqual([['Yes', 2, [2, 5]], ['No', 1, [2, 0]]]);
    const gender = await pooled(modelsId, { pooledSplit: 'dl', pooledModel: 'gender' });
    expect(gender?.model).toBe('gender');
    expect(gender?.itemIds).toEqual(['qa1', 'qa2']);
    expect(gender?.groups.map((g) => [g.label, g.participants, counts(g), g.cells.map((c) => c.share)])).toEqual([['Yes', 2, [2, 3], [2 / 5, 3 / 5]], ['No', 1, [1, 0], [1, 0]]]);
    const age = await pooled(modelsId, { pooledSplit: 'dl', pooledModel: 'age' });
    expect(age?.groups.map((g) => [g.label, counts(g)])).toEqual([['Yes', [0, 2]], ['No', [1, 0]]]);
    // A model no question explains falls back to all questions, as unknown items do.
    expect((await pooled(modelsId, { pooledSplit: 'dl', pooledModel: 'nope' }))?.model).toBeNull();
  });

  it('rejects malformed parameters', () => {
    expect(dashboardQuerySchema.safeParse({ pooledSplit: ['a', 'b', 'c'] }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ pooledSplit: "x' OR 1=1" }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ pooledModel: 'm'.repeat(65) }).success).toBe(false);
  });

  it('refuses users without results permission on the study', async () => {
    await expect(pooled(fixtureId, { pooledSplit: 'practitioner' }, stranger)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(pooled(fixtureId, { pooledSplit: 'practitioner' }, strangerAnalyst)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
