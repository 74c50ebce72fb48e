// Intruder and coherency trials end to end: a participant answers the unit study (generated channel
// visualisations), and an analyst reads intruder accuracy and coherency agreement whose counts match
// the exported CSV.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { createUserViaCli } from './users';
import { allImagesLoaded, answerCurrentItem, waitForNextPrompt } from './answer-item';
import { participantByExternalId } from './db';
import { parseCsv } from '../support/parse-csv';

const PASSWORD = 'unit-tasks-password';

test('a participant picks odd images out and labels image sets, and every answer is stored', async ({ page }) => {
  test.setTimeout(300_000);
  const consent = page.getByRole('button', { name: 'I agree to take part' });
  // The study waits until its visualisations exist.
  await expect(async () => {
    await page.goto('/s/unit-intruders?PROLIFIC_PID=E2E_UNITS');
    await expect(consent).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 240_000, intervals: [5000] });
  await consent.click();

  const seen = { intruder: 0, coherency: 0 };
  for (let i = 0; i < 12 && !(await page.getByTestId('completion-code').count()); i++) {
    const gallery = page.getByRole('list', { name: 'Images to compare' });
    if (await gallery.count()) {
      seen.coherency++;
      await expect(gallery.locator('img')).toHaveCount(4);
      await expect.poll(() => allImagesLoaded(page), { timeout: 20_000 }).toBe(true);
      await expect(page.locator('form input[type=radio]')).toHaveCount(6);
    } else if (await page.locator('form .image-grid').count()) {
      seen.intruder++;
      await expect(page.locator('form .image-grid img')).toHaveCount(5);
      await expect.poll(() => allImagesLoaded(page), { timeout: 20_000 }).toBe(true);
    }
    const prompt = await answerCurrentItem(page);
    await waitForNextPrompt(page, prompt);
  }
  expect(seen).toEqual({ intruder: 3, coherency: 3 });
  const p = await participantByExternalId('E2E_UNITS');
  expect(p?.status).toBe('completed');
  expect(p?.responses.filter((r) => /^(intruder|coherency)_u\d+$/.test(r.itemId))).toHaveLength(6);
});

test('an analyst reads intruder accuracy and coherency agreement that match the CSV', async ({ page }) => {
  createUserViaCli('tasks-owner@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('tasks-analyst@e2e.test', 'analyst', PASSWORD);
  const studyId = execFileSync('npx', ['tsx', '--conditions=react-server', 'test/e2e/seed-analysis-study.ts', '--fixture', 'tasks', '--slug', 'tasks-e2e', '--owner', 'tasks-owner@e2e.test', '--analyst', 'tasks-analyst@e2e.test'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString().trim().split('\n').pop() ?? '';

  await page.goto('/signin');
  await page.getByLabel('Email').fill('tasks-analyst@e2e.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();
  await page.goto(`/studies/${studyId}/results`);
  const panel = page.getByTestId('panel-accuracy');
  await expect(panel.locator('svg.recharts-surface').first()).toBeVisible();
  await panel.getByRole('button', { name: 'Show table' }).click();
  const shown = new Map<string, [number, number]>();
  for (const row of await panel.getByTestId('accuracy-table').locator('tbody tr').all()) {
    shown.set(String(await row.getAttribute('data-probe')), [Number(await row.getByTestId('correct').innerText()), Number(await row.getByTestId('trials').innerText())]);
  }
  expect(shown).toEqual(new Map([['unit 1', [6, 8]], ['unit 2', [3, 4]], ['all', [9, 12]]]));
  await expect(page.getByTestId('agreement-layers')).toContainText('0.263');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download answers (CSV, long)' }).click()]);
  const rows = parseCsv(fs.readFileSync(await download.path(), 'utf8')).filter((r) => r.item?.startsWith('int_'));
  const fromCsv = new Map<string, [number, number]>();
  for (const r of rows) {
    const key = `unit ${r.probe_unit}`;
    const [c, n] = fromCsv.get(key) ?? [0, 0];
    fromCsv.set(key, [c + (r.is_correct === 'true' ? 1 : 0), n + 1]);
  }
  expect(fromCsv).toEqual(new Map([...shown].filter(([k]) => k !== 'all')));
});
