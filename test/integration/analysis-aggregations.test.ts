// The dashboard's aggregations and the exports against a small dataset whose figures were worked out
// by hand (test/support/analysis-fixture.ts), on a real migrated SQLite database.
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
import { analysisStudy, seedFixturePeople } from '../support/analysis-fixture';

let cleanup: () => Promise<void>;
let actor: Actor;
let studyId = '';

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const u = await createUser({ actor: null, input: { email: 'owner@a.test', role: 'researcher', password: 'long-enough-password' } });
  actor = { id: u.id, email: u.email, role: 'researcher' };
  const published = await publishStudyVersion({ study: studySchema.parse(analysisStudy('fixture', getFaceLibrary().files)) });
  studyId = published.studyId;
  await getDb().study.update({ where: { id: studyId }, data: { ownerId: actor.id, source: 'ui' } });
  await seedFixturePeople(getDb(), { studyId, versionId: published.versionId });
});
afterAll(async () => cleanup());

const dashboard = (query: Record<string, unknown>) => getResultsDashboard({ actor, studyId, query: dashboardQuerySchema.parse(query) });
const cell = (g: { cells: { method: string; count: number; share: number | null }[] } | undefined, method: string) => g?.cells.find((c) => c.method === method);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('analysis aggregations (hand-computed fixture)', () => {
  it('counts the funnel and applies each exclusion rule', async () => {
    const d = await dashboard({});
    expect(d.funnel).toEqual({ started: 8, consented: 7, completed: 6, declined: 1, excluded: 3 });
    expect(d.exclusions.rules.map((r) => [r.id, r.count])).toEqual([['attention-check', 1], ['too-fast', 1], ['straight-lining', 1]]);
    expect(d.exclusions.medianCompletionMs).toBeCloseTo(600_000, 0);
    expect(d.exclusions.fastThresholdMs).toBeCloseTo(200_000, 0);
    expect(d.exclusions.excluded).toBe(3);
  });

  it('shares and Wilson intervals of the preference by practitioner, with an exact test when sparse', async () => {
    const d = await dashboard({ item: 'pref', split: 'practitioner' });
    const p = d.preference;
    expect(p?.methods).toEqual(['saliency', 'inversion', 'visualization']);
    expect(p?.overall.participants).toBe(7);
    expect([cell(p?.overall, 'saliency')?.count, cell(p?.overall, 'inversion')?.count, cell(p?.overall, 'visualization')?.count]).toEqual([3, 2, 2]);
    const [yes, no] = p?.groups ?? [];
    expect([yes?.label, yes?.participants, no?.label, no?.participants]).toEqual(['Yes', 4, 'No', 3]);
    expect(yes?.cells.map((c) => c.count)).toEqual([2, 2, 0]);
    expect(no?.cells.map((c) => c.count)).toEqual([1, 0, 2]);
    // Wilson 95% for 2/4 is exactly 0.5 ± 0.35 (z² = 3.8415).
    expect(yes?.cells[0]?.lower).toBeCloseTo(0.15, 3);
    expect(yes?.cells[0]?.upper).toBeCloseTo(0.85, 3);
    // X² of [[2,2,0],[1,0,2]] is 77/18; V = sqrt(X² / 7).
    const t = p?.tests[0];
    expect(t?.test).toBe('monte-carlo');
    expect(t?.statistic).toBeCloseTo(77 / 18, 6);
    expect(t?.cramersV).toBeCloseTo(Math.sqrt(77 / 18 / 7), 6);
  });

  it('leaves out excluded participants when asked', async () => {
    const p = (await dashboard({ item: 'pref', split: 'practitioner', include: 'kept' })).preference;
    expect(p?.groups.map((g) => [g.label, g.cells.map((c) => c.count)])).toEqual([['Yes', [1, 1, 0]], ['No', [1, 0, 1]]]);
  });

  it('splits by a multi-select item and by a combination, with "no answer" for items not shown', async () => {
    const byXai = (await dashboard({ item: 'pref', split: 'used_xai' })).preference;
    expect(byXai?.groups.map((g) => [g.label, g.participants])).toEqual([
      ['Saliency maps', 1], ['None', 1], ['Feature inversion + Saliency maps', 1], ['(no answer)', 4],
    ]);
    const combo = (await dashboard({ item: 'pref', split: ['practitioner', 'used_xai'] })).preference;
    expect(combo?.groups.map((g) => g.label)).toEqual(['practitioner = Yes × used_xai = Saliency maps', 'practitioner = Yes × used_xai = None', 'practitioner = Yes × used_xai = Feature inversion + Saliency maps', 'practitioner = Yes × used_xai = (no answer)', 'practitioner = No × used_xai = (no answer)']);
  });

  it('reports selection rates of a multi-select preference item', async () => {
    const p = (await dashboard({ item: 'pref_multi' })).preference;
    expect(p?.multiple).toBe(true);
    expect(p?.overall.participants).toBe(6);
    expect(p?.overall.cells.map((c) => [c.method, c.count, c.share])).toEqual([['saliency', 3, 0.5], ['inversion', 2, 2 / 6], ['visualization', 3, 0.5]]);
  });

  it('describes the sample by every background item', async () => {
    const d = await dashboard({});
    const practitioner = d.composition.find((c) => c.itemId === 'practitioner');
    expect(practitioner?.respondents).toBe(7);
    expect(practitioner?.shares.map((s) => [s.value, s.count])).toEqual([['yes', 4], ['no', 3]]);
    const xai = d.composition.find((c) => c.itemId === 'used_xai');
    expect(xai?.respondents).toBe(3);
    expect(xai?.shares.map((s) => [s.value, s.count])).toEqual([['saliency', 2], ['inversion', 1], ['none', 1]]);
  });

  it('gives median and mean times per item, in the database', async () => {
    const all = (await dashboard({})).itemTimes.find((t) => t.itemId === 'pref');
    expect([all?.answers, all?.medianMs, all?.meanMs]).toEqual([7, 4000, 4000]);
    const kept = (await dashboard({ include: 'kept' })).itemTimes.find((t) => t.itemId === 'pref');
    expect([kept?.answers, kept?.medianMs, kept?.meanMs]).toEqual([4, 5000, 4750]);
  });

  it('breaks preferences down per question', async () => {
    const q = (await dashboard({})).questions;
    expect(q.rows.map((r) => [r.itemId, r.participants])).toEqual([['pref', 7], ['pref_multi', 6]]);
    expect(q.test).toBeNull();
  });

  it('exports long CSV and JSON with the same rows, a wide CSV and a codebook, and audits each', async () => {
    const csv = await readAll((await exportResponses({ actor, studyId, query: exportQuerySchema.parse({ format: 'csv' }) })).body);
    const rows: Record<string, string>[] = parseCsv(csv);
    // 7 people with answers: 6 × 8 answers + 2 for the one still answering.
    expect(rows).toHaveLength(6 * 8 - 3 + 2);
    const pref = rows.filter((r) => r.item === 'pref');
    expect(pref.map((r) => r.answer_method).sort()).toEqual(['inversion', 'inversion', 'saliency', 'saliency', 'saliency', 'visualization', 'visualization']);
    expect(pref.filter((r) => r.bg_practitioner === 'yes' && r.answer_method === 'saliency')).toHaveLength(2);
    expect(pref.filter((r) => r.excluded === 'true')).toHaveLength(3);
    expect(new Set(rows.map((r) => r.participant)).size).toBe(7);
    expect(rows[0]?.participant).toMatch(/^p_[0-9a-f]{12}$/);
    const withStimuli = pref[0]?.stimuli ?? '[]';
    expect(JSON.parse(withStimuli)).toHaveLength(3);

    const json: unknown = JSON.parse(await readAll((await exportResponses({ actor, studyId, query: exportQuerySchema.parse({ format: 'json' }) })).body));
    expect(Array.isArray(json) && json.length).toBe(rows.length);

    const wide: Record<string, string>[] = parseCsv(await readAll((await exportResponses({ actor, studyId, query: exportQuerySchema.parse({ format: 'wide', include: 'kept' }) })).body));
    expect(wide).toHaveLength(4);
    expect(wide.map((w) => w.pref).sort()).toEqual(['o1', 'o1', 'o2', 'o3']);

    const codebook: unknown = JSON.parse(await readAll((await exportResponses({ actor, studyId, query: exportQuerySchema.parse({ format: 'codebook' }) })).body));
    expect(JSON.stringify(codebook)).toContain('answer_method');

    const audits = await getDb().auditEvent.count({ where: { studyId, action: 'results.export' } });
    expect(audits).toBe(4);
  });
});
