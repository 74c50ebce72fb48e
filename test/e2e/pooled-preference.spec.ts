// The survey's main result on the dashboard: an analyst opens the pooled preference of the example
// dataset (101 respondents), splits it by practitioner × XAI use, downloads the figure as SVG and its
// table as CSV, and the counts match; and no chart on the page has fewer axis labels than categories.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { createUserViaCli, signIn } from './users';
import { parseCsv } from '../support/parse-csv';

const PASSWORD = 'correct-horse-battery';
let studyId = '';

test.beforeAll(() => {
  createUserViaCli('pooled-owner@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('pooled-analyst@e2e.test', 'analyst', PASSWORD);
  studyId = execFileSync('npx', ['tsx', '--conditions=react-server', 'test/e2e/seed-analysis-study.ts', '--fixture', 'example', '--owner', 'pooled-owner@e2e.test', '--analyst', 'pooled-analyst@e2e.test'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString().trim().split('\n').pop() ?? '';
});

test('an analyst splits the pooled preference by practitioner × XAI use and downloads matching figure files', async ({ page }) => {
  await signIn(page, 'pooled-analyst@e2e.test', PASSWORD);
  await page.goto(`/studies/${studyId}/results`);

  await page.getByLabel('Pooled preference by').selectOption({ value: 'dl_practitioner' });
  await page.getByLabel('and by').nth(1).selectOption({ value: 'used_xai' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/pooledSplit=dl_practitioner/);
  await expect(page).toHaveURL(/pooledSplit=used_xai/);
  await expect(page.getByTestId('pooled-test')).toContainText('101 participants');

  const panel = page.getByTestId('panel-pooled-preference');
  await expect(panel.locator('svg.recharts-surface').first()).toBeVisible();
  const title = (await panel.getByRole('heading', { level: 3 }).innerText()).trim();
  const table = panel.getByTestId('pooled-preference-table');
  const shown = new Map<string, number>();
  for (const row of await table.locator('tbody tr').all()) {
    shown.set(`${await row.getAttribute('data-group')}|${await row.getAttribute('data-method')}`, Number(await row.getByTestId('count').innerText()));
  }
  const groups = [...new Set([...shown.keys()].map((k) => k.split('|')[0]))];
  expect(groups).toHaveLength(4);
  expect(shown.size).toBe(12);

  // The chart labels every group: one category tick per group on its axis.
  // recharts 3 draws tick labels in their own layer, one label group per tick.
  const ticks = await panel.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-label').evaluateAll((ts) => ts.map((t) => (t.textContent ?? '').trim()));
  expect(ticks).toHaveLength(groups.length);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: `Download ${title} as SVG`, exact: true }).click()]);
  const svg = fs.readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain(`<title>${title.replace(/&/g, '&amp;')}</title>`);
  for (const method of ['saliency', 'inversion', 'visualization']) expect(svg).toContain(`>${method}<`);

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: `Download ${title} as CSV`, exact: true }).click()]);
  const records = parseCsv(fs.readFileSync(await csvDownload.path(), 'utf8').replace(/^\uFEFF/, ''));
  expect(records).toHaveLength(shown.size);
  for (const r of records) expect([r.Group, r.Method, Number(r.Selections)]).toEqual([r.Group, r.Method, shown.get(`${r.Group}|${r.Method}`)]);
  // Every participant is in exactly one group.
  const participants = new Map(records.map((r) => [r.Group, Number(r.Participants)]));
  expect([...participants.values()].reduce((a, b) => a + b, 0)).toBe(101);

  // No axis anywhere on the page drops a category label: each chart's category ticks are at least
  // as many as its table's distinct categories (first column).
  for (const figure of await page.locator('figure[data-testid^="panel-"]').all()) {
    if (await figure.locator('.recharts-scatter').count()) continue;
    // The category axis is the one whose labels are not all numbers (horizontal bars: the y axis).
    const labelsOf = (axis: 'x' | 'y') => figure.locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-label`).allTextContents();
    const yLabels = await labelsOf('y');
    const horizontal = yLabels.length > 0 && !yLabels.every((t) => /^[\d.]+\s*%?$/.test(t.trim()));
    const tickCount = (horizontal ? yLabels : await labelsOf('x')).length;
    const categories = new Set(await figure.locator('[data-figure-table] tbody tr').evaluateAll((rows) => rows.map((r) => (r.querySelector('td')?.textContent ?? '').trim())));
    const name = await figure.getAttribute('data-testid');
    expect([name, tickCount >= categories.size]).toEqual([name, true]);
  }
});
