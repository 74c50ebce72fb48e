// Answers whatever item the page shows, the way a participant would: by label, with clicks.
import { expect, type Page } from '@playwright/test';

/** The current question's prompt (legend) or page title, read in one snapshot of the document. */
export async function currentPrompt(page: Page): Promise<string> {
  const text = await page.evaluate(() => (document.querySelector('form legend') ?? document.querySelector('form h1'))?.textContent ?? '');
  return text.trim();
}

export async function answerCurrentItem(page: Page): Promise<string> {
  const prompt = await currentPrompt(page);
  const form = page.locator('form');
  // Every image has alt text.
  for (const img of await form.locator('img').all()) expect((await img.getAttribute('alt'))?.length ?? 0).toBeGreaterThan(0);

  if (/choose "Blue"/.test(prompt)) {
    await page.getByLabel('Blue', { exact: true }).check();
  } else if (await form.locator('textarea').count()) {
    await form.locator('textarea').fill('Nothing to add, thanks.');
  } else if (await form.locator('input[type=radio]').count()) {
    await form.locator('input[type=radio]').first().check();
  } else if (await form.locator('input[type=checkbox]').count()) {
    await form.locator('input[type=checkbox]').first().check();
  }
  await form.getByRole('button').click();
  return prompt;
}

export async function waitForNextPrompt(page: Page, previous: string): Promise<void> {
  await expect
    // Reads can fail while the browser is between documents (form posts are full navigations).
    .poll(async () => ((await page.getByTestId('completion-code').count().catch(() => 0)) ? '__done__' : await currentPrompt(page).catch(() => previous)), { timeout: 15_000 })
    .not.toBe(previous);
}
