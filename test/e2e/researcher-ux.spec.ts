// What a new researcher tripped over (issue #16 items 1–6), in a real browser: the new-study form's
// checks and messages, the leave-page warning and autosave, photos shown by name and thumbnail,
// placeholder text that must be confirmed before publishing, the sign-in link, the icon and health.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createUserViaCli, signIn as signInAs } from './users';
import { writeConsent } from './editor-helpers';

const PASSWORD = 'researcher-ux-password';
const EMAIL = 'newcomer@e2e.test';

test.beforeAll(() => {
  createUserViaCli(EMAIL, 'researcher', PASSWORD);
});

const signIn = (page: Page) => signInAs(page, EMAIL, PASSWORD);

/** Creates a blank study from the studies page and returns its id (the editor page is open). */
async function createBlankStudy(page: Page, title: string, slug: string): Promise<string> {
  await page.goto('/studies');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Address (/s/…)').fill(slug);
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/** A face photo the server accepts: the licensed demo set when present, else the npm samples. */
function facePhoto(): Buffer {
  const licensed = path.join(process.cwd(), '..', 'shared', 'data', 'faces', 'demo', '01_pd_nasa_eileen_collins.jpg');
  return fs.readFileSync(fs.existsSync(licensed) ? licensed : path.join(process.cwd(), 'node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg'));
}

test('the home page links to researcher sign-in, every page has an icon, and health names the backend state', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Researcher sign-in' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\//);
  const health = (await (await request.get('/api/health')).json()) as { tensorflowBackend: unknown };
  // 'starting' while the workers load TF.js, then the backend's name: never null.
  expect(typeof health.tensorflowBackend).toBe('string');
  expect(health.tensorflowBackend).not.toBe('');
});

test('the new-study form checks the address in the browser and keeps the values when the server refuses it', async ({ page }) => {
  await signIn(page);
  const slug = page.getByLabel('Address (/s/…)');
  // The browser checks the pattern (Chromium ignored the old one as an invalid character class).
  await slug.fill('Not a slug!');
  expect(await slug.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  await slug.fill('ux-taken');
  expect(await slug.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);

  await createBlankStudy(page, 'First taker', 'ux-taken');
  await page.goto('/studies');
  await page.getByLabel('Title').fill('Second taker');
  await slug.fill('ux-taken');
  await page.getByRole('button', { name: 'Create study' }).click();

  // The refusal is on the address field, in words, and what was typed is still there.
  await expect(slug).toHaveAttribute('aria-invalid', 'true');
  await expect(slug).toHaveAccessibleDescription(/already used by another study/);
  await expect(slug).toHaveValue('ux-taken');
  await expect(page.getByLabel('Title')).toHaveValue('Second taker');
  await expect(slug).toBeFocused();
  const form = page.locator('form').filter({ has: slug });
  await expect(form.getByRole('listitem')).toContainText(['Address (/s/…): The address "ux-taken" is already used']);
  await expect(form.locator('code')).toHaveCount(0);
});

test('the editor warns before leaving with unsaved changes and saves drafts by itself', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);
  const studyId = await createBlankStudy(page, 'Leave warning', 'ux-leave');

  // The "New item kind" select is styled like the other selects.
  const kind = page.getByLabel('New item kind');
  expect(await kind.evaluate((el) => getComputedStyle(el).borderRadius)).toBe('6px');
  expect((await kind.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(30);

  const description = page.getByLabel('Description');
  await description.fill('Edited, not saved yet');
  expect(await page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  })).toBe(true);

  // An in-app link asks first; staying keeps the edit.
  const asked = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(`${d.type()}: ${d.message()}`); void d.dismiss(); }));
  await page.getByRole('link', { name: 'Audit trail' }).click();
  expect(await asked).toMatch(/^confirm: .*unsaved changes/);
  await expect(page).toHaveURL(new RegExp(`/studies/${studyId}$`));
  await expect(description).toHaveValue('Edited, not saved yet');

  // The draft saves itself once editing pauses; then nothing is asked and the edit survives a reload.
  await expect(page.getByTestId('save-status')).toContainText('Saved automatically', { timeout: 30_000 });
  expect(await page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  })).toBe(false);
  await page.reload();
  await expect(page.getByLabel('Description')).toHaveValue('Edited, not saved yet');
});

test('an uploaded face is shown by its file name and a thumbnail in the editor, preview and review sheet', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto('/images');
  await page.getByLabel(/^Face photo/).setInputFiles({ name: 'ada-portrait.jpg', mimeType: 'image/jpeg', buffer: facePhoto() });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Uploaded|already uploaded/ })).toBeVisible({ timeout: 60_000 });

  await createBlankStudy(page, 'Photo names', 'ux-photos');
  await writeConsent(page);
  const block = page.locator('fieldset.block').first();
  await block.locator('.item').first().getByLabel('Question', { exact: true }).fill('Did you sleep well?');
  await block.getByLabel('New item kind').selectOption('image-choice');
  await block.getByRole('button', { name: 'Add item' }).click();
  const item = block.locator('.item').nth(1);
  await item.getByLabel('Question', { exact: true }).fill('Which photo shows the same person as the face above?');
  await item.getByLabel('Generate explanations from a face photo').check();

  const facePick = item.getByLabel('Face photo', { exact: true });
  const label = (await facePick.locator('option').allTextContents()).find((t) => t.startsWith('ada-portrait.jpg (upload '));
  expect(label, 'the upload is offered by its file name').toBeDefined();
  await facePick.selectOption({ label: label ?? '' });
  expect(await facePick.locator('option').allTextContents()).not.toContainEqual(expect.stringMatching(/^upload:/));
  // `has` takes a locator relative to the candidate element, so it is built from the page, not from `item`.
  const thumbnail = item.locator('.image-field').filter({ has: page.getByLabel('Face photo', { exact: true }) }).getByTestId('chosen-photo');
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);

  // Two fixed images from the library as the options: only the face is generated (aligned), quickly.
  for (const [i, alt] of ['Photo A', 'Photo B'].entries()) {
    await item.getByRole('button', { name: 'Add option' }).click();
    const row = item.locator('.option-row').nth(i);
    await row.getByLabel('Alt text').fill(alt);
    const file = row.getByLabel('Image file');
    const choices = await file.locator('option').allTextContents();
    await file.selectOption({ label: choices.filter((c) => c.startsWith('faces:'))[i] ?? '' });
    await expect.poll(() => row.getByTestId('chosen-photo').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
  }
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('save-status')).toContainText('can be published');

  await page.getByRole('link', { name: 'Preview' }).click();
  await page.getByText(/^Photos in this draft/).click();
  const photo = page.getByTestId('preview-photos').getByRole('listitem').filter({ hasText: 'ada-portrait.jpg' });
  await expect(photo).toContainText(/\(item \w+\)/);
  await expect.poll(() => photo.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.locator('body')).not.toContainText(/upload:[0-9a-f]{64}/);

  await page.getByRole('link', { name: 'Review stimuli (quality of each image)' }).click();
  const row = page.locator('.review-row').filter({ hasText: 'ada-portrait.jpg' });
  await expect(row.getByRole('heading')).toContainText('ada-portrait.jpg (upload ');
  await expect.poll(() => row.getByTestId('row-face-thumbnail').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.locator('body')).not.toContainText(/upload:[0-9a-f]{64}/);
});

test('placeholder consent text is flagged in the editor and publishing asks before it goes out', async ({ page }) => {
  await signIn(page);
  await createBlankStudy(page, 'Placeholder check', 'ux-placeholder');
  await page.locator('fieldset.block').first().locator('.item').first().getByLabel('Question', { exact: true }).fill('Did you sleep well?');

  const warning = page.getByTestId('placeholder-warning');
  await expect(warning).toContainText('Consent text');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('save-status')).toContainText('still holds placeholder text');

  await page.getByRole('button', { name: 'Publish draft as a new version' }).click();
  const confirm = page.getByTestId('confirm-publish');
  await expect(confirm.getByTestId('confirm-placeholders').getByRole('listitem')).toHaveText(["Consent text: the template's text"]);
  await page.reload();
  await expect(page.getByTestId('study-status')).toHaveText('draft');

  await page.getByRole('button', { name: 'Publish draft as a new version' }).click();
  await page.getByTestId('confirm-publish').getByRole('button', { name: 'Publish anyway' }).click();
  await expect(page.getByText('Published version 1.')).toBeVisible();

  // Written consent: no warning in the editor.
  await writeConsent(page);
  await expect(warning).toHaveCount(0);
});
