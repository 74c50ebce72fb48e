import { expect, test } from '@playwright/test';
import { createUserViaCli } from './users';
import { allImagesLoaded, answerCurrentItem, waitForNextPrompt } from './answer-item';
import { participantByExternalId } from './db';
import { addGeneratedOptions } from './editor-helpers';

const PASSWORD = 'generation-password';

test.beforeAll(() => createUserViaCli('generator@e2e.test', 'researcher', PASSWORD));

test('a researcher sees generated explanations appear with live progress in the preview', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/signin');
  await page.getByLabel('Email').fill('generator@e2e.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Title').fill('Generated');
  await page.getByLabel('Address (/s/…)').fill('generated');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('draft');

  const block = page.locator('fieldset.block').first();
  await block.locator('.item').first().getByRole('button', { name: 'Delete item in block 1, 1' }).click();
  await block.getByLabel('New item kind').selectOption('image-choice');
  await block.getByRole('button', { name: 'Add item' }).click();
  const item = block.locator('.item').first();
  await item.getByLabel('Question', { exact: true }).fill('Which explanation helps you see why this face looks {prediction}?');
  await addGeneratedOptions(item, 'expression', ['occlusion', 'gradient']);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'valid' })).toBeVisible();

  await page.getByRole('link', { name: 'Preview' }).click();
  // Live progress streams in, then the page refreshes with the finished images.
  await expect(page.getByTestId('generation-progress')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Generation progress' })).toBeVisible();
  await expect(page.getByTestId('generation-progress')).toHaveCount(0, { timeout: 180_000 });
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(page.locator('legend')).not.toContainText('{prediction}');
  await expect(page.locator('legend')).toContainText(/looks (neutral|happy|sad|angry|fearful|disgusted|surprised)\?/);
  await expect.poll(() => allImagesLoaded(page), { timeout: 20_000 }).toBe(true);
  expect(await page.locator('form img').count()).toBe(3);
});

test('participants of the default study see only finished explanations', async ({ page, request }) => {
  test.setTimeout(300_000);
  await page.goto('/s/face-explanations?PROLIFIC_PID=E2E_EXPLAIN');
  const consent = page.getByRole('button', { name: 'I agree to take part' });
  if (!(await consent.isVisible())) {
    await expect(page.getByText('This study is being prepared')).toBeVisible();
    // While preparing, no participant exists and no generated image is served.
    expect((await request.get('/api/s/face-explanations/stimuli/' + 'a'.repeat(64))).status()).toBe(401);
  }
  await expect(async () => {
    await page.reload();
    await expect(consent).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 240_000, intervals: [5000] });
  await consent.click();
  await expect(page.getByRole('progressbar')).toBeVisible();

  let explanationItems = 0;
  for (let i = 0; i < 20 && !(await page.getByTestId('completion-code').count()); i++) {
    if (await page.locator('form img').count()) {
      explanationItems++;
      await expect.poll(() => allImagesLoaded(page), { timeout: 20_000 }).toBe(true);
      await expect(page.locator('legend')).not.toContainText('{prediction}');
      // The face plus three explanations, method names hidden.
      expect(await page.locator('form img').count()).toBe(4);
      await expect(page.locator('form')).not.toContainText(/occlusion|inversion|visuali[sz]ation/i);
    }
    const prompt = await answerCurrentItem(page);
    await waitForNextPrompt(page, prompt);
  }
  expect(explanationItems).toBe(8);
  const p = await participantByExternalId('E2E_EXPLAIN');
  expect(p?.status).toBe('completed');
  expect(p?.responses.filter((r) => /^q\d_/.test(r.itemId))).toHaveLength(8);
});
