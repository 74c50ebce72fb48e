// The results page for the default study, whose prompts contain {prediction}: every chart title,
// caption, axis category and selector option the dashboard renders resolves the placeholder, and the
// eight questions keep eight distinct, whole labels. Renders the page's sections to HTML from the
// dashboard object the page gets.
import { randomUUID } from 'node:crypto';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { createOwnedStudy } from './helpers/owned-study';
import type { Actor } from '@/lib/auth/roles';
import { getResultsDashboard, type ResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { dashboardQuerySchema } from '@/lib/analysis/analysis-query-schema';
import faceExplanations from '@/studies/face-explanations';
import { ResultsControls } from '@/app/_components/analysis/results-controls';
import { CompositionSection, ExclusionsSection, FunnelSection, PreferenceSection, QuestionsSection, TimesSection } from '@/app/_components/analysis/results-sections';
import { AccuracySection, AgreementSection } from '@/app/_components/analysis/task-sections';
import { PooledPreferenceSection } from '@/app/_components/analysis/pooled-preference-section';

let cleanup: () => Promise<void>;
let actor: Actor;
let studyId = '';

beforeAll(async () => {
  let versionId = '';
  ({ cleanup, actor, studyId, versionId } = await createOwnedStudy(faceExplanations));
  // Two completed participants who answered everything, so every figure has data.
  const answers: [string, unknown][] = [
    ['dl_practitioner', 'yes'], ['used_xai', 'yes'], ['xai_methods', ['saliency']], ['field', 'cs-ml'], ['experience_years', '2-4'],
    ...Array.from({ length: 8 }, (_, i) => [`q${i + 1}_${['expression', 'expression', 'expression', 'gender', 'gender', 'age', 'age', 'age'][i]}`, ['saliency', 'inversion']] as [string, unknown]),
  ];
  for (const k of [0, 1]) {
    const start = new Date(Date.UTC(2026, 0, 1, k));
    await getDb().participant.create({
      data: {
        studyId, studyVersionId: versionId, status: 'completed', seed: k + 1, startedAt: start, consentedAt: start, completedAt: new Date(start.getTime() + 600_000),
        responses: { create: answers.map(([itemId, value], position) => ({ itemId, value: JSON.stringify(k === 1 && itemId === 'dl_practitioner' ? 'no' : value), position, responseTimeMs: 2000 + position * 100, idempotencyKey: randomUUID() })) },
      },
    });
  }
});
afterAll(async () => cleanup());

function renderPage(d: ResultsDashboard): string {
  const sections = [ResultsControls, FunnelSection, ExclusionsSection, CompositionSection, PooledPreferenceSection, PreferenceSection, QuestionsSection, AccuracySection, AgreementSection, TimesSection];
  return sections.map((S) => renderToStaticMarkup(createElement(S as (p: { d: ResultsDashboard; studyId: string }) => ReactNode, { d, studyId }))).join('\n');
}

const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replaceAll('&#x27;', "'").replaceAll('&amp;', '&');
const all = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => textOf(m[1] ?? ''));

describe('results dashboard of a study with {prediction} prompts', () => {
  it('never shows the placeholder, and names each question whole and apart', async () => {
    const d = await getResultsDashboard({ actor, studyId, query: dashboardQuerySchema.parse({ split: ['dl_practitioner', 'field'], pooledSplit: ['dl_practitioner', 'field'] }) });
    const html = renderPage(d);
    const titles = all(html, /<h3[^>]*>([\s\S]*?)<\/h3>/g);
    const options = all(html, /<option[^>]*>([\s\S]*?)<\/option>/g);
    const captions = all(html, /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/g);
    expect(titles.length).toBeGreaterThan(5);
    for (const text of [...titles, ...options, ...captions]) expect(text).not.toContain('{prediction}');
    // The data the charts draw (categories, series, table cells) as well.
    expect(JSON.stringify(d)).not.toContain('{prediction}');
    expect(html).not.toContain('{prediction}');

    // The preference selector: eight questions, eight distinct whole labels (id, model, face, prompt).
    const questionOptions = d.preferenceItems.map((i) => i.label);
    expect(questionOptions).toHaveLength(8);
    expect(new Set(questionOptions).size).toBe(8);
    for (const label of questionOptions) {
      expect(options).toContain(label);
      expect(label).toMatch(/^q\d_(expression|gender|age) · (expression|gender|age) model · \S+: The model .*\[prediction\].* Which explanation\(s\) best help you understand why\?$/);
    }
    // Option titles repeat the whole text, for a select narrower than its options.
    expect(html).toContain(`title="${questionOptions[0]}"`);
    expect(titles).toContain(`Selection rate by method: ${questionOptions[0]}`);

    // A two-way split names both questions in its groups and in the caption.
    expect(d.preference?.groups.map((g) => g.label)).toContain('dl_practitioner = Yes × field = Computer science / machine learning');
    expect(d.pooled?.groups.map((g) => g.label)).toContain('dl_practitioner = No × field = Computer science / machine learning');
    expect(captions.some((c) => c.includes('Groups: answers to dl_practitioner: Are you a deep-learning practitioner'))).toBe(true);
  });
});
