import { expect, test, type Page } from '@playwright/test';
import { createUserViaCli } from './users';
import { answerCurrentItem, waitForNextPrompt } from './answer-item';
import { researcherRoutes } from '../support/researcher-surfaces';
import { addGeneratedOptions, writeConsent } from './editor-helpers';

const PASSWORD = 'correct-horse-battery';

test.beforeAll(() => {
  createUserViaCli('owner@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('victim@e2e.test', 'researcher', PASSWORD);
});

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('every researcher page and route refuses someone who is not signed in', async ({ request }) => {
  for (const route of researcherRoutes) {
    const res = route.method === 'POST' ? await request.post(route.url('some-study-id'), { data: {}, maxRedirects: 0 }) : await request.get(route.url('some-study-id'), { maxRedirects: 0 });
    if (route.file.startsWith('app/api/')) expect(res.status(), route.file).toBe(401);
    else expect([res.status(), res.headers()['location'] ?? ''], route.file).toEqual([307, expect.stringContaining('/signin')]);
  }
});

test('a participant cookie grants nothing on researcher routes', async ({ page }) => {
  await page.goto('/s/demo');
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.goto('/studies');
  await expect(page).toHaveURL(/\/signin/);
});

test('a wrong password and an unknown email get the same message', async ({ page }) => {
  await signIn(page, 'owner@e2e.test', 'wrong-password-1');
  const wrong = await page.locator('p.error').innerText();
  await signIn(page, 'nobody@e2e.test', 'wrong-password-1');
  const unknown = await page.locator('p.error').innerText();
  expect(wrong).toBe(unknown);
  await expect(page).toHaveURL(/\/signin/);
});

test('a researcher builds a study with generated explanations, publishes it and watches it being answered', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, 'owner@e2e.test');
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();

  await page.getByLabel('Title').fill('Three questions');
  await page.getByLabel('Address (/s/…)').fill('three-questions');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByRole('heading', { name: 'Three questions' })).toBeVisible();
  await expect(page.getByTestId('study-status')).toHaveText('draft');
  const studyId = new URL(page.url()).pathname.split('/').pop() ?? '';

  // The blank template has one question; add a Likert item and an image choice whose options are
  // explanations the server generates from a face.
  const block = page.locator('fieldset.block').first();
  await block.getByLabel('New item kind').selectOption('likert');
  await block.getByRole('button', { name: 'Add item' }).click();
  await block.getByLabel('New item kind').selectOption('image-choice');
  await block.getByRole('button', { name: 'Add item' }).click();
  await block.locator('.item').nth(1).getByLabel('Question', { exact: true }).fill('How rested do you feel?');
  const imageItem = block.locator('.item').nth(2);
  await imageItem.getByLabel('Question', { exact: true }).fill('Which explanation shows best why this person is seen as {prediction}?');
  await addGeneratedOptions(imageItem, 'gender', ['occlusion', 'gradient']);

  // The template's consent text is a placeholder: written here, so publishing does not ask about it.
  await writeConsent(page);

  // An invalid field is reported next to it, and saving keeps the work.
  await block.locator('.item').first().getByLabel('Question', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('[data-path="blocks.0.items.0.prompt"] ~ .field-error')).toBeVisible();
  await block.locator('.item').first().getByLabel('Question', { exact: true }).fill('Did you sleep well?');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'valid' })).toBeVisible();

  await page.getByRole('button', { name: 'Publish draft as a new version' }).click();
  await expect(page.getByText('Published version 1.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('study-status')).toHaveText('published');
  const link = await page.getByTestId('participant-link').getAttribute('href');
  expect(link).toContain('/s/three-questions');

  // A participant answers in another browser context.
  const participant = await browser.newContext();
  const p = await participant.newPage();
  // The link opens once the generated explanations are finished.
  const consent = p.getByRole('button', { name: 'I agree to take part' });
  await expect(async () => {
    await p.goto(new URL(link ?? '', page.url()).pathname);
    await expect(consent).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 120_000, intervals: [2000] });
  await consent.click();
  await expect(p.getByRole('progressbar')).toBeVisible();
  for (let i = 0; i < 3; i++) {
    if (await p.locator('form img').count()) {
      await expect(p.locator('legend')).toContainText(/seen as (male|female)\?/);
      await expect.poll(() => p.evaluate(() => [...document.querySelectorAll('form img')].every((img) => (img as HTMLImageElement).naturalWidth > 0))).toBe(true);
    }
    const prompt = await answerCurrentItem(p);
    await waitForNextPrompt(p, prompt);
  }
  await expect(p.getByTestId('completion-code')).toBeVisible();
  await participant.close();

  await page.goto('/studies');
  await expect(page.getByTestId('completed-three-questions')).toHaveText('1');

  // Another researcher cannot see or export it.
  const other = await browser.newContext();
  const o = await other.newPage();
  await signIn(o, 'victim@e2e.test');
  await expect(o.getByRole('heading', { name: 'Studies' })).toBeVisible();
  await expect(o.getByText('Three questions')).toHaveCount(0);
  expect((await o.request.get(`/api/studies/${studyId}/export?version=1`)).status()).toBe(404);
  const res = await o.goto(`/studies/${studyId}`);
  expect(res?.status()).toBe(404);
  // The owner can export the published version as a study file.
  const exported = await page.request.get(`/api/studies/${studyId}/export?version=1`);
  expect(exported.status()).toBe(200);
  expect(JSON.parse(await exported.text())).toMatchObject({ slug: 'three-questions', title: 'Three questions' });
  await other.close();
});
