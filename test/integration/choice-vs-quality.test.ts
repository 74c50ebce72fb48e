// Human choice next to the automatic measures (issue #12 item 2), through the dashboard on a migrated
// SQLite database: four method questions whose occlusion maps have known deletion ratios and known
// choice counts, so the share chosen and Spearman's ρ are known by hand.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { finishStimulus, noisePng, report } from './helpers/finish-stimulus';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { createStudy } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { getStudyPreview } from '@/lib/studies/get-study-preview';
import { publishStudyDraft } from '@/lib/studies/publish-study-draft';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { dashboardQuerySchema } from '@/lib/analysis/analysis-query-schema';

let cleanup: () => Promise<void>;
let owner: Actor;
let stranger: Actor;
let studyId = '';
const QUESTIONS = ['m1', 'm2', 'm3', 'm4'];
// Occlusion deletion ratios per question (lower = more faithful) and how many of the 4 participants chose it.
const DELETION = [0.2, 0.4, 0.6, 0.8];
const OCCLUSION_CHOSEN = [4, 3, 1, 0];

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const make = async (email: string): Promise<Actor> => {
    const u = await createUser({ actor: null, input: { email, role: 'researcher', password: 'long-enough-password' } });
    return { id: u.id, email: u.email, role: 'researcher' };
  };
  owner = await make('owner@c.test');
  stranger = await make('stranger@c.test');
  const created = await createStudy({ actor: owner, input: { from: 'template', template: 'blank', slug: 'choice-quality', title: 'Choice and quality' } });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  studyId = created.studyId;
  const row = await getDb().study.findUniqueOrThrow({ where: { id: studyId } });
  const draft = JSON.parse(row.draft ?? '{}');
  const faces = getFaceLibrary().files;
  for (const [k, id] of QUESTIONS.entries()) {
    draft.blocks[0].items.push({
      id, type: 'image-choice', prompt: 'Which explanation helps?', explain: { image: `faces:${faces[k]}`, model: 'expression' },
      options: [
        { value: 'saliency', alt: 'One', generate: { method: 'occlusion' } },
        { value: 'inversion', alt: 'Two', generate: { method: 'inversion-tv' } },
      ],
    });
  }
  expect((await saveStudyDraft({ actor: owner, studyId, draft })).issues).toEqual([]);
  const preview = await getStudyPreview({ actor: owner, studyId });
  if ('issues' in preview) throw new Error(JSON.stringify(preview.issues));
  const idOf = (key: string) => preview.imageUrls[key]?.split('/').pop() ?? '';
  for (const [k, q] of QUESTIONS.entries()) {
    const deletion = DELETION[k] ?? 1;
    await finishStimulus(idOf(`${q}/saliency`), {
      png: await noisePng(`occ${k}`), prediction: 'happy',
      quality: report('saliency', [{ id: 'deletionRatio', label: 'Deletion AUC ÷ random-order AUC', value: deletion, threshold: '< 0.95', pass: true }]),
    });
    // The inversions all have the same face score: ρ is undefined for them, not a number.
    await finishStimulus(idOf(`${q}/inversion`), {
      png: await noisePng(`inv${k}`), prediction: 'happy',
      quality: report('inversion', [{ id: 'faceDetected', label: 'Face detector finds a face (score)', value: 0.9, threshold: '≥ 0.5', pass: true }]),
    });
  }
  const published = await publishStudyDraft({ actor: owner, studyId, confirmWeak: true, confirmPlaceholders: true });
  if (published.outcome !== 'published') throw new Error(JSON.stringify(published));
  const version = await getDb().studyVersion.findFirstOrThrow({ where: { studyId } });
  for (let p = 0; p < 4; p++) {
    const at = new Date(Date.UTC(2026, 10, 2, 9 + p));
    const answers = QUESTIONS.map((q, k) => [q, [p < (OCCLUSION_CHOSEN[k] ?? 0) ? 'saliency' : 'inversion']] as const);
    await getDb().participant.create({
      data: {
        studyId, studyVersionId: version.id, status: 'completed', seed: p + 1, startedAt: at, consentedAt: at, completedAt: new Date(at.getTime() + 600_000),
        responses: { create: answers.map(([itemId, value], position) => ({ itemId, value: JSON.stringify(value), position, responseTimeMs: 1500, idempotencyKey: randomUUID(), answeredAt: at })) },
      },
    });
  }
});
afterAll(async () => cleanup());

const dashboard = (actor: Actor) => getResultsDashboard({ actor, studyId, query: dashboardQuerySchema.parse({}) });

describe('choice next to quality measures', () => {
  it('gives each stimulus its share chosen and measures, and ρ per method and measure', async () => {
    const c = (await dashboard(owner)).choiceVsQuality;
    expect(c).not.toBeNull();
    const occlusion = c?.stimuli.filter((s) => s.method === 'occlusion') ?? [];
    expect(occlusion.map((s) => [s.itemId, s.chosen, s.shown])).toEqual(QUESTIONS.map((q, k) => [q, OCCLUSION_CHOSEN[k], 4]));
    expect(occlusion.map((s) => s.measures.find((m) => m.id === 'deletionRatio')?.value)).toEqual(DELETION);
    expect(occlusion.every((s) => s.stimulusId && s.weak === false)).toBe(true);
    const occ = c?.correlations.find((r) => r.method === 'occlusion' && r.measureId === 'deletionRatio');
    // Shares 1, .75, .25, 0 against 0.2 … 0.8: a perfect negative rank order; exact p = 2/4! (both perfect orders).
    expect(occ?.test).toEqual({ n: 4, rho: -1, pValue: 2 / 24, method: 'exact' });
    expect(occ?.direction).toBe('lower');
    const inv = c?.correlations.find((r) => r.method === 'inversion-tv' && r.measureId === 'faceDetected');
    expect(inv?.test.rho).toBeNull();
  });

  it('is not shown to a researcher who cannot see the study', async () => {
    await expect(dashboard(stranger)).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
  });
});
