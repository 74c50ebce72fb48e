// Answers whatever item the page shows, the way a participant would: by label, with clicks.
import { expect, type Page } from '@playwright/test';

/**
 * What identifies the current screen: the progress label plus the prompt, so two questions with the same
 * wording (e.g. two faces both predicted "happy") still count as different screens.
 */
export async function screenSignature(page: Page): Promise<string> {
  const [progress, prompt] = await page.evaluate(() => [
    document.querySelector('.progress-label')?.textContent ?? '',
    (document.querySelector('form legend') ?? document.querySelector('form h1'))?.textContent ?? '',
  ]);
  return prompt.trim() ? `${progress.trim()}|${prompt.trim()}` : '';
}

/** The current question's prompt (legend) or page title, read in one snapshot of the document. */
export async function currentPrompt(page: Page): Promise<string> {
  const text = await page.evaluate(() => (document.querySelector('form legend') ?? document.querySelector('form h1'))?.textContent ?? '');
  return text.trim();
}

/** Answers the current screen and returns its signature (pass it to waitForNextPrompt). */
export async function answerCurrentItem(page: Page): Promise<string> {
  const signature = await screenSignature(page);
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
  return signature;
}

export async function waitForNextPrompt(page: Page, previous: string): Promise<void> {
  await expect
    // Reads can fail while the browser is between documents (form posts are full navigations).
    // An empty prompt means the next document has not rendered yet: keep waiting.
    .poll(async () => {
      if (await page.getByTestId('completion-code').count().catch(() => 0)) return '__done__';
      return (await screenSignature(page).catch(() => '')) || previous;
    }, { timeout: 15_000 })
    .not.toBe(previous);
}

/** Whether every image in the current form has loaded (generated stimuli arrive as separate requests). */
export async function allImagesLoaded(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const imgs = [...document.querySelectorAll('form img')] as HTMLImageElement[];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
}
