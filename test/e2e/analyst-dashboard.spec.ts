import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { createUserViaCli } from './users';
import { parseCsv } from '../support/parse-csv';

const PASSWORD = 'correct-horse-battery';
let studyId = '';

test.beforeAll(() => {
  createUserViaCli('results-owner@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('results-analyst@e2e.test', 'analyst', PASSWORD);
  studyId = execFileSync('npx', ['tsx', '--conditions=react-server', 'test/e2e/seed-analysis-study.ts', '--slug', 'analysis-e2e', '--owner', 'results-owner@e2e.test', '--analyst', 'results-analyst@e2e.test'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString().trim().split('\n').pop() ?? '';
});

test('an analyst splits preferences by background and downloads a CSV whose counts match the table', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('results-analyst@e2e.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();
  await page.getByRole('row', { name: /analysis fixture/ }).getByRole('link', { name: 'Results' }).click();
  await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
  expect(page.url()).toContain(`/studies/${studyId}/results`);

  // The chart is drawn (an SVG with the methods on its axis) before any split is chosen.
  const panel = page.getByTestId('panel-preference');
  await expect(panel.locator('svg.recharts-surface').first()).toBeVisible();

  await page.getByLabel('Split by background').selectOption({ label: 'practitioner: Do you work with deep learning?' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/split=practitioner/);
  await expect(page.getByTestId('association-tests')).toContainText('Monte-Carlo exact test');

  await panel.getByRole('button', { name: 'Show table' }).click();
  const table = panel.getByTestId('preference-table');
  const shown = new Map<string, number>();
  for (const row of await table.locator('tbody tr').all()) {
    const key = `${await row.getAttribute('data-group')}|${await row.getAttribute('data-method')}`;
    shown.set(key, Number(await row.getByTestId('count').innerText()));
  }
  expect(shown.get('Yes|saliency')).toBe(2);
  expect(shown.size).toBe(6);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download answers (CSV, long)' }).click()]);
  const file = await download.path();
  const rows = parseCsv(fs.readFileSync(file, 'utf8')).filter((r) => r.item === 'pref');
  const fromCsv = new Map<string, number>();
  const groupLabel: Record<string, string> = { yes: 'Yes', no: 'No' };
  for (const r of rows) {
    const key = `${groupLabel[r.bg_practitioner ?? ''] ?? '(no answer)'}|${r.answer_method}`;
    fromCsv.set(key, (fromCsv.get(key) ?? 0) + 1);
  }
  for (const [key, count] of shown) expect([key, fromCsv.get(key) ?? 0]).toEqual([key, count]);
});
