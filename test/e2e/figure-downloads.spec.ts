// Figures out for a paper: an analyst downloads one dashboard figure as SVG (a standalone file with
// the title and every category label), as PNG (print size, from the table view) and its table as CSV
// (the rows and counts on the page).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { createUserViaCli, signIn } from './users';
import { parseCsv } from '../support/parse-csv';

const PASSWORD = 'correct-horse-battery';
let studyId = '';

test.beforeAll(() => {
  createUserViaCli('figures-owner@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('figures-analyst@e2e.test', 'analyst', PASSWORD);
  studyId = execFileSync('npx', ['tsx', '--conditions=react-server', 'test/e2e/seed-analysis-study.ts', '--slug', 'figures-e2e', '--owner', 'figures-owner@e2e.test', '--analyst', 'figures-analyst@e2e.test'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString().trim().split('\n').pop() ?? '';
});

test('an analyst downloads a figure as SVG and PNG and its table as CSV', async ({ page }) => {
  await signIn(page, 'figures-analyst@e2e.test', PASSWORD);
  await page.goto(`/studies/${studyId}/results?item=pref`);

  const panel = page.getByTestId('panel-preference');
  await expect(panel.locator('svg.recharts-surface').first()).toBeVisible();
  const title = (await panel.getByRole('heading', { level: 3 }).innerText()).trim();
  // The table stays in the page (hidden) while the chart is shown; its methods are the chart's categories.
  const table = panel.getByTestId('preference-table');
  await expect(table).toBeHidden();
  const rowCount = await table.locator('tbody tr').count();
  const methods = [...new Set(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-method') ?? '')))];
  expect(methods).toEqual(['saliency', 'inversion', 'visualization']);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: `Download ${title} as SVG`, exact: true }).click()]);
  expect(svgDownload.suggestedFilename()).toBe(`${studyId}-preference.svg`);
  const svgText = fs.readFileSync(await svgDownload.path(), 'utf8');
  expect(svgText.startsWith('<?xml') || svgText.startsWith('<svg')).toBe(true);
  // Parsed as a standalone XML document (not HTML), as another program would read the file.
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (doc.querySelector('parsererror')) return null;
    const textOf = (t: Element) => {
      const spans = t.querySelectorAll('tspan');
      return (spans.length > 0 ? Array.from(spans, (s) => s.textContent ?? '').join(' ') : t.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    return { root: doc.documentElement.localName, title: doc.querySelector('svg > title')?.textContent ?? '', texts: Array.from(doc.querySelectorAll('text'), textOf) };
  }, svgText);
  expect(parsed).not.toBeNull();
  expect(parsed?.root).toBe('svg');
  expect(parsed?.title).toBe(title);
  expect(parsed?.texts).toContain(title);
  for (const method of methods) expect([method, parsed?.texts.filter((t) => t === method).length]).toEqual([method, 1]);
  // The legend (HTML on the page) is in the file: without a split, one series named "Everyone".
  expect(await table.locator('tbody tr').first().getAttribute('data-group')).toBe('Everyone');
  expect(parsed?.texts).toContain('Everyone');

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: `Download ${title} as CSV`, exact: true }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(`${studyId}-preference.csv`);
  const csvText = fs.readFileSync(await csvDownload.path(), 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  const records = parseCsv(csvText.slice(1));
  expect(records).toHaveLength(rowCount);
  // Hand-computed in test/support/analysis-fixture.ts: three of the seven chose the saliency map.
  expect(records.find((r) => r.Method === 'saliency')?.Count).toBe('3');

  // From the table view, PNG switches back to the chart it is a picture of.
  await panel.getByRole('button', { name: 'Show table' }).click();
  await expect(table).toBeVisible();
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: `Download ${title} as PNG`, exact: true }).click()]);
  expect(pngDownload.suggestedFilename()).toBe(`${studyId}-preference.png`);
  await expect(panel.getByRole('button', { name: 'Show table' })).toBeVisible();
  const png = fs.readFileSync(await pngDownload.path());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // Width from the IHDR chunk: print size, at least 1200 px.
  expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1200);
});
