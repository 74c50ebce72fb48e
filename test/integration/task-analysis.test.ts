// Intruder accuracy, coherency agreement and stimulus provenance in the exports, on a real migrated
// database with the hand-computed fixture of test/support/task-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/parse-csv';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { studySchema } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { exportResponses } from '@/lib/analysis/export-responses';
import { dashboardQuerySchema, exportQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { buildReport } from '@/lib/explainers/quality/quality-report';
import { parseStimulusMap } from '@/lib/stimuli/stimulus-status';
import { taskStudy, seedTaskPeople } from '../support/task-fixture';

let cleanup: () => Promise<void>;
let actor: Actor;
let studyId = '';
let versionId = '';

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const u = await createUser({ actor: null, input: { email: 'owner@t.test', role: 'researcher', password: 'long-enough-password' } });
  actor = { id: u.id, email: u.email, role: 'researcher' };
  const published = await publishStudyVersion({ study: studySchema.parse(taskStudy('tasks', getFaceLibrary().files)) });
  ({ studyId, versionId } = published);
  await getDb().study.update({ where: { id: studyId }, data: { ownerId: actor.id, source: 'ui' } });
  await seedTaskPeople(getDb(), { studyId, versionId });
});
afterAll(async () => cleanup());

const dashboard = () => getResultsDashboard({ actor, studyId, query: dashboardQuerySchema.parse({}) });
const exported = async (format: string) => new Response((await exportResponses({ actor, studyId, query: exportQuerySchema.parse({ format }) })).body).text();

describe('intruder and coherency analysis (hand-computed fixture)', () => {
  it('scores intruder trials per unit and per layer against chance, counted in the database', async () => {
    const { byProbe, byLayer } = (await dashboard()).accuracy;
    expect(byProbe.map((r) => [r.layer, r.probe, r.items, r.correct, r.trials])).toEqual([
      ['expression · dense2', 'unit 1', 2, 6, 8],
      ['expression · dense2', 'unit 2', 1, 3, 4],
    ]);
    expect(byProbe[0]?.pValue).toBeCloseTo(277 / 65536, 12);
    expect(byProbe[1]?.pValue).toBeCloseTo(13 / 256, 12);
    expect(byLayer.map((r) => [r.correct, r.trials, r.chance])).toEqual([[9, 12, 0.25]]);
    // Per participant: unit 1 — 2/2, 1/2, 1/2, 2/2 (all above ¼); unit 2 — 1, 1, 0, 1 of 1.
    expect(byProbe.map((r) => [r.participants, r.above, r.below])).toEqual([[4, 4, 0], [4, 3, 1]]);
    expect(byProbe[0]?.pParticipants).toBeCloseTo(1 / 16, 12);
    expect(byProbe[1]?.pParticipants).toBeCloseTo(5 / 16, 12);
    expect(byLayer.map((r) => [r.participants, r.above, r.below])).toEqual([[4, 4, 0]]);
  });

  it('reports coherency agreement per item and alpha per layer', async () => {
    const { items, layers } = (await dashboard()).agreement;
    expect(items.map((i) => [i.itemId, i.raters, i.modal?.value, i.modal?.count, i.pairwise])).toEqual([['coh_u1', 4, 'eyes', 3, 0.5], ['coh_u2', 4, 'mouth', 3, 0.5]]);
    expect(layers[0]?.alpha).toBeCloseTo(10 / 38, 12);
  });

  it('exports correctness, the probe and the provenance recorded with each generated stimulus', async () => {
    const rows: Record<string, string>[] = parseCsv(await exported('csv'));
    expect(rows).toHaveLength(20);
    const intruder = rows.filter((r) => r.item === 'int_u1');
    expect(intruder.map((r) => r.is_correct).sort()).toEqual(['false', 'true', 'true', 'true']);
    expect(rows.filter((r) => r.item?.startsWith('coh')).every((r) => r.is_correct === '')).toBe(true);
    expect(new Set(rows.map((r) => `${r.probe_layer}/${r.probe_unit}`))).toEqual(new Set(['dense2/1', 'dense2/2']));

    // The chosen generated image's model and weights come from its Stimulus row, not the definition.
    const version = await getDb().studyVersion.findUniqueOrThrow({ where: { id: versionId } });
    const stimulusId = parseStimulusMap(version.stimulusMap)['int_u1/d'] ?? '';
    const stimulus = await getDb().stimulus.findUniqueOrThrow({ where: { id: stimulusId } });
    expect(stimulus.weightsHash).toMatch(/^[a-f0-9]{64}$/);
    const chose = intruder.find((r) => r.answer === 'd');
    expect([chose?.chosen_model, chose?.chosen_weights_hash, chose?.chosen_seed]).toEqual(['expression', stimulus.weightsHash, '4']);
    // Before generation finishes the request's resolved parameters (defaults filled in) are reported…
    expect(JSON.parse(chose?.chosen_params ?? 'null')).toEqual([expect.objectContaining({ steps: 2, learningRate: 0.05, objective: { type: 'channel', layer: 'dense2', channel: 2 } })]);
    // …and once the stimulus records its explanation, what the explainer actually ran.
    await getDb().stimulus.update({ where: { id: stimulusId }, data: { provenance: JSON.stringify({ model: { id: 'expression', weightsHash: stimulus.weightsHash }, explanation: { method: 'visualization-tv', params: { steps: 2, learningRate: 0.05, ran: true }, seed: 4 } }) } });
    const after: Record<string, string>[] = parseCsv(await exported('csv'));
    expect(JSON.parse(after.find((r) => r.item === 'int_u1' && r.answer === 'd')?.chosen_params ?? 'null')).toEqual([{ steps: 2, learningRate: 0.05, ran: true }]);
    const shown = JSON.parse(after.find((r) => r.item === 'int_u1')?.stimuli ?? '[]') as { option: string; weights_hash: string }[];
    expect(shown.map((s) => s.option).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(shown.every((s) => s.weights_hash === stimulus.weightsHash)).toBe(true);
    // No quality report yet: chosen_weak is empty. Once the worker stores one, it is exported with the stimulus.
    expect(chose?.chosen_weak).toBe('');
    const report = buildReport('visualization', [{ id: 'pixelStd', label: 'Pixel standard deviation (0–1 scale)', value: 0.01, threshold: '≥ 0.05', pass: false }]);
    await getDb().stimulus.update({ where: { id: stimulusId }, data: { quality: JSON.stringify(report), weak: true } });
    const withQuality: Record<string, string>[] = parseCsv(await exported('csv'));
    const weakRow = withQuality.find((r) => r.item === 'int_u1' && r.answer === 'd');
    expect(weakRow?.chosen_weak).toBe('true');
    const weakShown = JSON.parse(weakRow?.stimuli ?? '[]') as { option: string; weak: boolean | null; quality: { reasons: string[]; measures: Record<string, unknown> } | null }[];
    expect(weakShown.find((s) => s.option === 'd')?.quality).toEqual({ weak: true, reasons: report.reasons, measures: { pixelStd: 0.01 } });
    // Coherency rows list the images shown together.
    const gallery = JSON.parse(after.find((r) => r.item === 'coh_u1')?.stimuli ?? '[]') as { image: string }[];
    expect(gallery.map((g) => g.image)).toEqual(['a', 'b']);

    const codebook = JSON.parse(await exported('codebook')) as { items: { id: string; correct: string | null; probe: unknown; options: { provenance: { model: { weightsHash: string } } | null }[] }[] };
    const item = codebook.items.find((i) => i.id === 'int_u1');
    expect(item?.correct).toBe('d');
    expect(item?.probe).toEqual({ model: 'expression', layer: 'dense2', unit: '1' });
    expect(item?.options[0]?.provenance?.model.weightsHash).toBe(stimulus.weightsHash);
  });

  it('pools versions but scores each against its own intruder', async () => {
    // Version 2 moves unit 2's intruder to "c"; one participant answers it correctly there.
    const v1 = studySchema.parse(taskStudy('tasks', getFaceLibrary().files));
    const v2 = { ...v1, blocks: v1.blocks.map((b) => ({ ...b, items: b.items.map((i) => (i.id === 'int_u2' && i.type === 'intruder' ? { ...i, correct: 'c' } : i)) })) };
    const published = await publishStudyVersion({ study: v2 });
    expect(published.version).toBe(2);
    await getDb().participant.create({
      data: {
        studyId, studyVersionId: published.versionId, status: 'completed', seed: 99, startedAt: new Date(), consentedAt: new Date(), completedAt: new Date(Date.now() + 300_000),
        responses: { create: [{ itemId: 'int_u2', value: JSON.stringify('c'), position: 0, idempotencyKey: 'v2-int-u2', answeredAt: new Date() }] },
      },
    });
    const pooled = (await dashboard()).accuracy.byProbe.find((r) => r.probe === 'unit 2');
    // v1: b, b, c, b against "b" → 3 of 4; v2: c against "c" → 1 of 1.
    expect([pooled?.correct, pooled?.trials, pooled?.items]).toEqual([4, 5, 1]);
    const rows: Record<string, string>[] = parseCsv(await exported('csv'));
    expect(rows.filter((r) => r.item === 'int_u2').map((r) => `${r.study_version}:${r.answer}:${r.is_correct}`).sort()).toEqual(['1:b:true', '1:b:true', '1:b:true', '1:c:false', '2:c:true']);
    const codebook = JSON.parse(await exported('codebook')) as { items: { id: string; correct: string; correctByVersion?: Record<string, string> }[] };
    expect(codebook.items.find((i) => i.id === 'int_u2')).toMatchObject({ correct: 'c', correctByVersion: { 1: 'b', 2: 'c' } });
    expect(codebook.items.find((i) => i.id === 'int_u1')?.correctByVersion).toBeUndefined();
  });

  it('handles a pooled study with a thousand scored (version, item) pairs (no SQLite expression-depth limit)', async () => {
    const [a = '', b = a, c = b] = getFaceLibrary().files;
    const options = [a, b, c].map((f, i) => ({ value: `o${i}`, src: `faces:${f}`, alt: `Image ${i}` }));
    const items = Array.from({ length: 500 }, (_, k) => ({ id: `t${k}`, type: 'intruder' as const, prompt: 'Odd one out?', probe: { layer: 'l', unit: String(k % 10) }, correct: 'o2', options }));
    const big = (title: string) => studySchema.parse({ slug: 'many-trials', title, consent: { body: 'Consent.' }, blocks: [{ id: 'b', items }] });
    const v1 = await publishStudyVersion({ study: big('Many trials') });
    const v2 = await publishStudyVersion({ study: big('Many trials, v2') });
    await getDb().study.update({ where: { id: v1.studyId }, data: { ownerId: actor.id, source: 'ui' } });
    for (const [k, v] of [v1, v2].entries()) {
      await getDb().participant.create({
        data: {
          studyId: v.studyId, studyVersionId: v.versionId, status: 'completed', seed: k, startedAt: new Date(), consentedAt: new Date(), completedAt: new Date(Date.now() + 600_000),
          responses: { create: items.map((i, position) => ({ itemId: i.id, value: JSON.stringify(position % 2 ? 'o2' : 'o0'), position, idempotencyKey: `many-${k}-${i.id}` })) },
        },
      });
    }
    const d = await getResultsDashboard({ actor, studyId: v1.studyId, query: dashboardQuerySchema.parse({}) });
    expect(d.accuracy.byLayer.map((r) => [r.correct, r.trials, r.participants])).toEqual([[500, 1000, 2]]);
  });
});
