// The stimulus review sheet in a real browser: a researcher builds a small study with generated
// explanations, lets the preview generate them, reads every image with its quality measures, publishes
// (confirming weak images if the sheet showed any), and reviews the published version.
import { expect, test, type Page } from '@playwright/test';
import { createUserViaCli, signIn as signInAs } from './users';
import { addGeneratedOptions, writeConsent } from './editor-helpers';
import { e2eDb } from './db';

const PASSWORD = 'review-sheet-password';

test.beforeAll(() => {
  createUserViaCli('reviewer@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('not-the-reviewer@e2e.test', 'researcher', PASSWORD);
});

const signIn = (page: Page, email: string) => signInAs(page, email, PASSWORD);

async function versionStimulusCount(slug: string, version: number): Promise<number> {
  const db = e2eDb();
  try {
    const r = await db.execute({ sql: 'SELECT v.stimulusMap FROM StudyVersion v JOIN Study s ON s.id = v.studyId WHERE s.slug = ? AND v.version = ?', args: [slug, version] });
    return Object.keys(JSON.parse(String(r.rows[0]?.stimulusMap ?? '{}'))).length;
  } finally {
    db.close();
  }
}

/**
 * Every finished cell shows its image, and every finished explanation at least one measure with
 * pass/fail in words. The face itself is the model's input, not an explanation: the worker stores no
 * report for it, and the cell says so.
 */
async function expectEveryDoneCellMeasured(page: Page): Promise<void> {
  for (const cell of await page.getByTestId('review-cell').all()) {
    if ((await cell.getAttribute('data-status')) !== 'done') continue;
    const img = cell.locator('img');
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
    if ((await cell.getAttribute('data-method')) === 'face' && !(await cell.getByTestId('measure').count())) {
      await expect(cell).toContainText('The face as the model sees it');
      continue;
    }
    expect(await cell.getByTestId('measure').count(), await cell.locator('figcaption').innerText()).toBeGreaterThan(0);
    for (const m of await cell.getByTestId('measure').all()) await expect(m.locator('.verdict')).toHaveText(/^(pass|FAIL)$/);
  }
}

test('a researcher reviews every generated stimulus with its quality measures before and after publishing', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  await signIn(page, 'reviewer@e2e.test');
  await page.getByLabel('Title').fill('Review sheet');
  await page.getByLabel('Address (/s/…)').fill('review-sheet');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('draft');
  const studyId = new URL(page.url()).pathname.split('/').pop() ?? '';

  const block = page.locator('fieldset.block').first();
  await block.locator('.item').first().getByRole('button', { name: 'Delete item in block 1, 1' }).click();
  await block.getByLabel('New item kind').selectOption('image-choice');
  await block.getByRole('button', { name: 'Add item' }).click();
  const item = block.locator('.item').first();
  await item.getByLabel('Question', { exact: true }).fill('Which explanation helps you see why this face looks {prediction}?');
  await addGeneratedOptions(item, 'expression', ['occlusion', 'inversion-tv', 'visualization-tv'], {
    'inversion-tv': '{"repeats": 1, "schedule": [{"factor": 1, "iterations": 4}]}',
    'visualization-tv': '{"steps": 4}',
  });
  await writeConsent(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'valid' })).toBeVisible();

  // The preview generates the draft's images; the review sheet of the draft then shows them.
  await page.getByRole('link', { name: 'Preview' }).click();
  await expect(page).toHaveURL(/\/preview$/);
  await expect(page.getByTestId('generation-progress')).toHaveCount(0, { timeout: 240_000 });
  await page.getByRole('link', { name: 'Review stimuli (quality of each image)' }).click();
  await expect(page).toHaveURL(/\/stimuli\?version=draft$/);
  const cells = page.getByTestId('review-cell');
  // The face, then occlusion, inversion and visualisation.
  await expect(cells).toHaveCount(4);
  await expect(page.locator('[data-testid="review-cell"][data-status="done"]')).toHaveCount(4);
  await expectEveryDoneCellMeasured(page);
  const weakInDraft = await page.locator('[data-testid="review-cell"][data-weak="true"]').count();
  await expect(page.getByTestId('review-summary')).toContainText(`4 stimuli, ${weakInDraft} weak`);
  for (const weak of await page.locator('[data-testid="review-cell"][data-weak="true"]').all()) await expect(weak.locator('.weak-flag')).toContainText('Weak:');

  // Publishing asks first exactly when the sheet showed weak images.
  await page.goto(`/studies/${studyId}`);
  await page.getByRole('button', { name: 'Publish draft as a new version' }).click();
  if (weakInDraft > 0) {
    const confirm = page.getByTestId('confirm-publish');
    await expect(confirm).toContainText(weakInDraft === 1 ? 'This stimulus is weak' : `These ${weakInDraft} stimuli are weak`);
    await expect(confirm.getByTestId('confirm-weak').locator('li')).toHaveCount(weakInDraft);
    await expect(confirm.getByTestId('confirm-placeholders')).toHaveCount(0);
    await confirm.getByRole('button', { name: 'Publish anyway' }).click();
  }
  await expect(page.getByText('Published version 1.')).toBeVisible();

  await page.getByRole('link', { name: 'Review stimuli' }).click();
  await expect(page).toHaveURL(new RegExp(`/studies/${studyId}/stimuli$`));
  await expect(page.getByRole('link', { name: 'Version 1' })).toHaveAttribute('aria-current', 'page');
  await expect(cells).toHaveCount(await versionStimulusCount('review-sheet', 1));
  await expectEveryDoneCellMeasured(page);
  await expect(page.getByTestId('review-summary')).toContainText(`4 stimuli, ${weakInDraft} weak`);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('review-desktop.png'), fullPage: true });
  const box = await cells.first().locator('img').boundingBox();
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(160);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('review-phone.png'), fullPage: true });
  // On a phone the grid wraps instead of overflowing the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Another researcher cannot open it.
  const other = await browser.newContext();
  const o = await other.newPage();
  await signIn(o, 'not-the-reviewer@e2e.test');
  expect((await o.goto(`/studies/${studyId}/stimuli`))?.status()).toBe(404);
  await other.close();
});
