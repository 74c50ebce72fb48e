// Loading the example respondents on a real migrated SQLite database: a study of their own beside the
// default study (closed, marked as example data, owned by the default study's owner, no participant
// link), 101 respondents however often it runs, and the results dashboard showing the survey's
// composition (48.5 % practitioners, 35.6 % explainability users) and its combination (Figure 17).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { createOwnedStudy } from './helpers/owned-study';
import type { Actor } from '@/lib/auth/roles';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { dashboardQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { studySchema } from '@/lib/studies/study-schema';
import { listPublishedStudies } from '@/lib/studies/get-study-version';
import { loadExampleData } from '@/lib/example-data/load-example-data';
import { formatPercent } from '@/app/_components/analysis/palette';
import { CompositionCombinationSection } from '@/app/_components/analysis/composition-combination-section';
import faceExplanations from '@/studies/face-explanations';

let cleanup: () => Promise<void>;
let actor: Actor;
let sourceId = '';
let first: Awaited<ReturnType<typeof loadExampleData>>;
let second: Awaited<ReturnType<typeof loadExampleData>>;

beforeAll(async () => {
  ({ cleanup, actor, studyId: sourceId } = await createOwnedStudy(faceExplanations));
  first = await loadExampleData();
  second = await loadExampleData();
});
afterAll(async () => cleanup());

const dashboard = (query: Record<string, unknown> = {}) => getResultsDashboard({ actor, studyId: first.studyId, query: dashboardQuerySchema.parse(query) });

describe('example data', () => {
  it('loads 101 respondents once, into a study of their own', async () => {
    const db = getDb();
    expect([first.created, first.participants, second.created, second.participants]).toEqual([101, 101, 0, 101]);
    expect(second.studyId).toBe(first.studyId);
    expect(await db.participant.count({ where: { studyId: first.studyId, status: 'completed' } })).toBe(101);
    expect(await db.participant.count({ where: { studyId: sourceId } })).toBe(0);
    const study = await db.study.findUniqueOrThrow({ where: { id: first.studyId }, include: { versions: true } });
    expect([study.slug, study.title, study.source, study.status, study.ownerId, study.versions.length]).toEqual([
      'face-explanations-example', 'Which explanations of face-analysis models help you? (example data)', 'example', 'closed', actor.id, 1,
    ]);
    // Everyone: four background items, the instructions page, eight faces, the (optional) comment and the
    // debrief page; the 36 XAI users also the methods they used.
    const responses = await db.response.count({ where: { participant: { studyId: first.studyId } } });
    expect(responses).toBe(101 * (4 + 1 + 8 + 1 + 1) + 36);
    expect((await listPublishedStudies()).map((s) => s.slug)).not.toContain('face-explanations-example');
  });

  it('shows the survey’s composition on the results page', async () => {
    const d = await dashboard();
    expect(d.funnel.completed).toBe(101);
    const yes = (itemId: string) => d.composition.find((c) => c.itemId === itemId)?.shares.find((s) => s.value === 'yes');
    expect([yes('dl_practitioner')?.count, formatPercent(yes('dl_practitioner')?.share ?? null)]).toEqual([49, '48.5%']);
    expect([yes('used_xai')?.count, formatPercent(yes('used_xai')?.share ?? null)]).toEqual([36, '35.6%']);
    expect(d.composition.find((c) => c.itemId === 'xai_methods')?.respondents).toBe(36);
  });

  it('shows the combination of practitioners and XAI users (Figure 17)', async () => {
    const c = (await dashboard()).compositionCombination;
    expect(c?.itemIds).toEqual(['dl_practitioner', 'used_xai']);
    expect(c?.chosenBy).toBe('default');
    expect(c?.respondents).toBe(101);
    expect(c?.cells.map((x) => [x.label, x.count, formatPercent(x.share)])).toEqual([
      ['dl_practitioner = Yes × used_xai = Yes', 30, '29.7%'],
      ['dl_practitioner = Yes × used_xai = No', 19, '18.8%'],
      ['dl_practitioner = No × used_xai = Yes', 6, '5.9%'],
      ['dl_practitioner = No × used_xai = No', 46, '45.5%'],
    ]);
    // 30/101 by the Wilson closed form: 0.2167 – 0.3923.
    expect(c?.cells[0]?.lower).toBeCloseTo(0.21668, 4);
    expect(c?.cells[0]?.upper).toBeCloseTo(0.39225, 4);
    const html = renderToStaticMarkup(createElement(CompositionCombinationSection, { d: await dashboard() }));
    expect(html).toContain('Who answered: dl_practitioner × used_xai');
    expect(html).toContain('101 respondents who answered both dl_practitioner');
    // A two-way split selected on the page is crossed instead.
    const split = (await dashboard({ pooledSplit: ['dl_practitioner', 'field'] })).compositionCombination;
    expect([split?.itemIds, split?.chosenBy, split?.cells.length, split?.respondents]).toEqual([['dl_practitioner', 'field'], 'pooled-split', 12, 101]);
  });

  it('fills the pooled preference figure with the survey’s direction', async () => {
    const p = (await dashboard({ pooledSplit: 'dl_practitioner' })).pooled;
    const share = (group: string, method: string) => p?.groups.find((g) => g.label === group)?.cells.find((c) => c.method === method)?.share ?? NaN;
    expect(p?.groups.map((g) => [g.label, g.participants])).toEqual([['Yes', 49], ['No', 52]]);
    expect(share('Yes', 'saliency')).toBeGreaterThan(share('No', 'saliency'));
    expect(share('No', 'inversion')).toBeGreaterThan(share('Yes', 'inversion'));
  });

  it('never loads into a real study that holds the example address', async () => {
    const tiny = (slug: string) => studySchema.parse({
      slug, title: slug, consent: { body: 'Consent.' },
      blocks: [{ id: 'b', items: [
        { id: 'pro', type: 'single-choice', background: true, prompt: 'Practitioner?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
        { id: 'xai', type: 'single-choice', background: true, prompt: 'XAI?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
      ] }],
    });
    await publishStudyVersion({ study: tiny('tiny') });
    const real = await publishStudyVersion({ study: tiny('tiny-example') });
    await expect(loadExampleData({ sourceSlug: 'tiny' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await getDb().participant.count({ where: { studyId: real.studyId } })).toBe(0);
    expect(await getDb().studyVersion.count({ where: { studyId: real.studyId } })).toBe(1);
  });
});
