// The stimulus review sheet on a real database: the grid a researcher reads (faces first, then each
// explanation; intruder images with the odd one out marked), stored quality reports, the set-level
// distinctness of visualisations computed from the stored PNGs, versions, the draft, and access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { finishStimulus, measure, noisePng, report } from './helpers/finish-stimulus';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { studySchema, type StudyInput } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { parseStimulusMap } from '@/lib/stimuli/stimulus-status';
import { getStimulusReview, getStimulusReviewBySlug } from '@/lib/stimuli/get-stimulus-review';
import { renderReviewSheet } from '@/lib/stimuli/render-review-sheet';
import { readStimulusFile } from '@/lib/stimuli/stimulus-store';
import sharp from 'sharp';
import { assessDistinctness } from '@/lib/explainers/quality/assess-distinctness';

let cleanup: () => Promise<void>;
let owner: Actor;
let stranger: Actor;
let studyId = '';
let map: Record<string, string> = {};
const face = () => `faces:${getFaceLibrary().files[0]}`;

function definition(title: string): StudyInput {
  const choice = (id: string, model: string, target: string) => ({
    id, type: 'image-choice' as const, prompt: `Which explanation helps (${id})?`,
    explain: { image: face(), model, target },
    options: [
      { value: 'saliency', alt: 'One', generate: { method: 'occlusion' } },
      { value: 'inversion', alt: 'Two', generate: { method: 'inversion-tv' } },
      { value: 'visualization', alt: 'Three', generate: { method: 'visualization-tv' } },
    ],
  });
  const channel = (c: number, seed: number) => ({ method: 'visualization-tv', params: { objective: { type: 'channel', layer: 'dense2', channel: c } }, seed });
  return {
    slug: 'review', title, consent: { body: 'Consent.' },
    blocks: [{
      id: 'b',
      items: [
        choice('q1_gender', 'gender', 'male'), choice('q2_gender', 'gender', 'female'),
        choice('q3_expr', 'expression', 'happy'), choice('q4_expr', 'expression', 'sad'),
        {
          id: 'int_u1', type: 'intruder', prompt: 'Odd one out?', probe: { model: 'expression', layer: 'dense2', unit: '1' }, correct: 'c',
          explain: { image: face(), model: 'expression' },
          options: [{ value: 'a', alt: 'A', generate: channel(1, 1) }, { value: 'b', alt: 'B', generate: channel(1, 2) }, { value: 'c', alt: 'C', generate: channel(2, 1) }],
        },
      ],
    }],
  };
}

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const o = await createUser({ actor: null, input: { email: 'owner@t.test', role: 'researcher', password: 'long-enough-password' } });
  const s = await createUser({ actor: null, input: { email: 'stranger@t.test', role: 'researcher', password: 'long-enough-password' } });
  owner = { id: o.id, email: o.email, role: 'researcher' };
  stranger = { id: s.id, email: s.email, role: 'researcher' };
  const published = await publishStudyVersion({ study: studySchema.parse(definition('Review')) });
  studyId = published.studyId;
  await getDb().study.update({ where: { id: studyId }, data: { ownerId: owner.id, source: 'ui' } });
  map = parseStimulusMap((await getDb().studyVersion.findUniqueOrThrow({ where: { id: published.versionId } })).stimulusMap);

  const visualisation = report('visualization', [measure('pixelStd', true)]);
  // Two gender visualisations of different classes that look alike; the expression ones do not.
  const pngs: Record<string, Buffer> = {
    'q1_gender/visualization': await noisePng('alike'),
    'q2_gender/visualization': await noisePng('alike', 12),
    'q3_expr/visualization': await noisePng('happy'),
    'q4_expr/visualization': await noisePng('sad'),
    'int_u1/a': await noisePng('unit1-a'),
    'int_u1/b': await noisePng('unit1-b'),
    'int_u1/c': await noisePng('unit2'),
  };
  for (const [key, id] of Object.entries(map)) {
    if (key === 'q4_expr/saliency') continue; // still queued
    const kind = key.endsWith('/context') ? 'face' : key.endsWith('/saliency') ? 'saliency' : key.endsWith('/inversion') ? 'inversion' : 'visualization';
    const quality =
      key === 'q2_gender/saliency' ? null // generated before quality reports existed
        : key === 'q1_gender/inversion' ? report('inversion', [measure('faceDetected', false, 0.2), measure('ssim', true, 0.4)])
          : kind === 'visualization' ? visualisation : report(kind, [measure('check', true)]);
    await finishStimulus(id, { png: pngs[key] ?? (await noisePng(key)), quality });
  }
});
afterAll(async () => cleanup());

describe('stimulus review sheet', () => {
  it('lays out each item as a row: the face first, then one cell per explanation, with status, target and image', async () => {
    const r = await getStimulusReview({ actor: owner, studyId });
    expect(r.version).toBe(1);
    expect(r.rows.map((row) => row.itemId)).toEqual(['q1_gender', 'q2_gender', 'q3_expr', 'q4_expr', 'int_u1']);
    const q1 = r.rows[0];
    expect(q1?.cells.map((c) => [c.value, c.method, c.model, c.target])).toEqual([
      ['context', 'face', 'gender', 'predicts female'],
      ['saliency', 'occlusion', 'gender', 'class male'],
      ['inversion', 'inversion-tv', 'gender', 'class male'],
      ['visualization', 'visualization-tv', 'gender', 'class male'],
    ]);
    expect(q1?.cells.every((c) => c.status === 'done' && c.imageUrl === `/api/stimuli/${c.stimulusId}` && c.stimulusId === map[c.key])).toBe(true);
    const queued = r.rows[3]?.cells.find((c) => c.value === 'saliency');
    expect([queued?.status, queued?.imageUrl, queued?.quality]).toEqual(['queued', null, null]);
    const intruder = r.rows[4]?.cells ?? [];
    expect(intruder.map((c) => [c.value, c.target, c.note])).toEqual([['a', 'dense2 channel 1', null], ['b', 'dense2 channel 1', null], ['c', 'dense2 channel 2', 'odd one out']]);
    expect(r.rows.flatMap((row) => row.cells)).toHaveLength(Object.keys(map).length);
  });

  it('merges the distinctness of visualisations: two alike images of different classes are weak, distinct ones pass', async () => {
    const r = await getStimulusReview({ actor: owner, studyId });
    const cell = (key: string) => r.rows.flatMap((row) => row.cells).find((c) => c.key === key);
    const distinct = (key: string) => cell(key)?.quality?.measures.find((m) => m.id === 'distinctSsim');
    for (const key of ['q1_gender/visualization', 'q2_gender/visualization']) {
      expect(distinct(key)).toMatchObject({ pass: false, threshold: '≤ 0.5' });
      expect(Number(distinct(key)?.value)).toBeGreaterThan(0.5);
      expect(cell(key)?.weak).toBe(true);
      // The stored per-image measure is kept next to the set-level one.
      expect(cell(key)?.quality?.measures.map((m) => m.id)).toEqual(['pixelStd', 'distinctSsim']);
    }
    expect(distinct('q1_gender/visualization')?.detail).toBe('most alike: class female');
    for (const key of ['q3_expr/visualization', 'q4_expr/visualization', 'int_u1/c']) {
      expect(distinct(key)?.pass).toBe(true);
      expect(cell(key)?.weak).toBe(false);
    }
    // Channel 1's two images show the same unit: they are compared with other targets only.
    expect(distinct('int_u1/a')?.detail).not.toBe('most alike: dense2 channel 1');

    expect(r.summary).toMatchObject({ total: 19, done: 18, pending: 1, failed: 0, weak: 3, unassessed: 1 });
    expect(r.summary.weakList.map((w) => w.name)).toEqual([
      `q1_gender · inversion (${face()})`,
      'q1_gender · visualization (gender class male)',
      'q2_gender · visualization (gender class female)',
    ]);
    expect(r.summary.weakList[0]?.reasons).toEqual(['Measure faceDetected: 0.200 (needs ≥ 0.5)']);
  });

  it('gives each visualisation the measure assessDistinctness gives it within the whole set, also from cached pairs', async () => {
    const vis = await getDb().stimulus.findMany({ where: { id: { in: Object.values(map) }, kind: 'visualization' }, select: { id: true, modelId: true } });
    const cells = async () => (await getStimulusReview({ actor: owner, studyId })).rows.flatMap((r) => r.cells);
    const first = await cells();
    const items = await Promise.all(vis.map(async (v) => {
      const { data } = await sharp((await readStimulusFile(v.id)) ?? Buffer.alloc(0)).removeAlpha().resize(112, 112, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
      const targetKey = first.find((c) => c.stimulusId === v.id)?.target ?? '';
      return { id: v.id, model: v.modelId, targetKey, pixels: Float32Array.from(data, (x) => x / 255), size: [112, 112] as const };
    }));
    const whole = assessDistinctness(items);
    expect(whole.size).toBe(7);
    const distinct = (list: typeof first, id: string) => list.find((c) => c.stimulusId === id)?.quality?.measures.find((m) => m.id === 'distinctSsim');
    for (const v of vis) expect(distinct(first, v.id)).toEqual(whole.get(v.id));
    // A second review reads the pairs from the cache and gives the same measures.
    const again = await cells();
    for (const v of vis) expect(distinct(again, v.id)).toEqual(whole.get(v.id));
  });

  it('reviews an earlier version, the draft (as far as it is generated), and explains a missing version', async () => {
    await publishStudyVersion({ study: studySchema.parse(definition('Review, second version')) });
    const latest = await getStimulusReview({ actor: owner, studyId });
    expect([latest.version, latest.versions, latest.hasDraft]).toEqual([2, [2, 1], false]);
    expect((await getStimulusReview({ actor: owner, studyId, version: 1 })).version).toBe(1);
    await expect(getStimulusReview({ actor: owner, studyId, version: 7 })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('published: 2, 1') });
    await expect(getStimulusReview({ actor: owner, studyId, version: 'draft' })).rejects.toMatchObject({ code: 'BAD_INPUT' });

    // A draft finds the images its specs would use by content address, without enqueueing any.
    const draft = { ...definition('Review'), blocks: [{ id: 'b', items: [definition('Review').blocks[0]?.items[0], { ...definition('Review').blocks[0]?.items[0], id: 'q9_new', explain: { image: face(), model: 'age' } }] }] };
    await getDb().study.update({ where: { id: studyId }, data: { draft: JSON.stringify(draft) } });
    const jobs = await getDb().explanationJob.count();
    const d = await getStimulusReview({ actor: owner, studyId, version: 'draft' });
    expect(await getDb().explanationJob.count()).toBe(jobs);
    expect(d.rows[0]?.cells.map((c) => [c.stimulusId, c.status])).toEqual(latest.rows[0]?.cells.map((c) => [c.stimulusId, 'done']));
    expect(d.rows[1]?.cells.map((c) => c.status)).toEqual(['missing', 'missing', 'missing', 'missing']);
    expect(d.summary).toMatchObject({ total: 8, done: 4, pending: 4 });
  });

  it('refuses a researcher who does not own the study, as if it did not exist', async () => {
    await expect(getStimulusReview({ actor: stranger, studyId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getStimulusReviewBySlug({ slug: 'no-such-study' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('renders the sheet as one PNG with a tile per stimulus', async () => {
    const r = await getStimulusReviewBySlug({ slug: 'review', version: 1 });
    const png = await renderReviewSheet({ title: r.study.title, subtitle: 'review · version 1', rows: r.rows, summary: r.summary, readImage: readStimulusFile });
    const meta = await sharp(png).metadata();
    // Four tiles across (the widest row), five rows of 240 × 443 px tiles under a header.
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(16 * 2 + 4 * 240 + 3 * 12);
    expect(meta.height).toBeGreaterThan(5 * 443);
  });
});
