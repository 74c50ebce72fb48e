// What a participant sees (issue 16, items 11 and 12): the progress counter counts questions, not
// information pages; explanation images are shown at least at their generated size on a desktop and
// fit a phone; every image opens larger without selecting its option; image choices work without
// JavaScript.
import { expect, test, type Page } from '@playwright/test';
import { allImagesLoaded, answerCurrentItem, waitForNextPrompt } from './answer-item';
import { participantByExternalId } from './db';

/** Opens the default study (waiting while its explanations are generated) and answers up to its first explanation item. */
async function openFirstExplanationItem(page: Page, pid: string): Promise<void> {
  const consent = page.getByRole('button', { name: 'I agree to take part' });
  await expect(async () => {
    await page.goto(`/s/face-explanations?PROLIFIC_PID=${pid}`);
    await expect(consent).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 300_000, intervals: [5000] });
  await consent.click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  for (let i = 0; i < 10 && !(await page.locator('form .image-grid').count()); i++) {
    const prompt = await answerCurrentItem(page);
    await waitForNextPrompt(page, prompt);
  }
  await expect(page.locator('form .image-grid')).toBeVisible();
  await expect.poll(() => allImagesLoaded(page), { timeout: 20_000 }).toBe(true);
}

/** Rendered and natural width of every image in the question. */
function imageWidths(page: Page) {
  return page.locator('form img').evaluateAll((imgs) =>
    (imgs as HTMLImageElement[]).map((i) => {
      const r = i.getBoundingClientRect();
      return { src: i.getAttribute('src') ?? '', natural: i.naturalWidth, width: r.width, left: r.left, right: r.right };
    }),
  );
}

test('the progress counter counts questions: information pages get no question number', async ({ page }) => {
  await page.goto('/s/demo?PROLIFIC_PID=E2E_PROGRESS');
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  // The demo: instructions, eight questions for this participant (the follow-up counted until it is
  // decided), then the debrief page.
  await expect(page.getByRole('heading', { name: 'Instructions' })).toBeVisible();
  const label = page.locator('.progress-label');
  await expect(label).toHaveText('0 of 8 questions answered');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '0 of 8 questions answered');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('legend')).toHaveText(/deep learning/);
  await expect(label).toHaveText('Question 1 of 8');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');

  // On to the debrief page: every question answered, and the page itself has no number.
  for (let i = 0; i < 12 && !(await page.getByRole('heading', { name: 'About this study' }).count()); i++) {
    const prompt = await answerCurrentItem(page);
    await waitForNextPrompt(page, prompt);
  }
  await expect(page.getByRole('heading', { name: 'About this study' })).toBeVisible();
  await expect(label).toHaveText('8 of 8 questions answered');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
});

test.describe('explanation images on a desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('are shown at least at their generated size, and open larger without selecting the option', async ({ page }) => {
    test.setTimeout(420_000);
    await openFirstExplanationItem(page, 'E2E_IMAGES_DESKTOP');
    const widths = await imageWidths(page);
    // The face and three explanations (a saliency map with its colour scale is wider than 224 px).
    expect(widths).toHaveLength(4);
    for (const w of widths) {
      expect(w.natural, w.src).toBeGreaterThanOrEqual(224);
      // Half a pixel of rounding in the layout is not a smaller image.
      expect(w.width, `${w.src}: shown ${w.width}px, generated ${w.natural}px`).toBeGreaterThanOrEqual(w.natural - 0.5);
    }
    // The three options share one row.
    const tops = await page.locator('form .image-option').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);

    // "View larger", with the keyboard: a dialog with the image scaled up; the option stays unchosen.
    const first = page.locator('form .image-option').first();
    const link = first.getByRole('link', { name: /^View larger/ });
    await expect(link).toHaveAttribute('href', (await first.locator('img').getAttribute('src')) ?? '');
    await link.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    const large = dialog.locator('img');
    await expect.poll(() => large.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
    const [shown, natural] = await large.evaluate((i: HTMLImageElement) => [i.getBoundingClientRect().width, i.naturalWidth]);
    expect(shown).toBeGreaterThan(natural * 1.5);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(link).toBeFocused();
    // With the mouse, and closed with its button.
    await first.getByRole('link', { name: /^View larger/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.locator('form input[name=answer]:checked')).toHaveCount(0);
    // The enlarged copy is gone again: the question still has its four images.
    await expect(page.locator('form img')).toHaveCount(4);
  });
});

test.describe('explanation images on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('fit the screen', async ({ page }) => {
    test.setTimeout(420_000);
    await openFirstExplanationItem(page, 'E2E_IMAGES_PHONE');
    const widths = await imageWidths(page);
    expect(widths).toHaveLength(4);
    for (const w of widths) {
      expect(w.left, w.src).toBeGreaterThanOrEqual(0);
      expect(w.right, w.src).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a participant chooses images and finishes the demo study', async ({ page }) => {
    await page.goto('/s/demo?PROLIFIC_PID=E2E_NO_SCRIPT');
    await page.getByRole('button', { name: 'I agree to take part' }).click();
    let imageItems = 0;
    for (let i = 0; i < 15 && !(await page.getByTestId('completion-code').count()); i++) {
      const form = page.locator('form');
      const itemId = await form.locator('input[name=itemId]').getAttribute('value');
      if (await form.locator('.image-grid').count()) {
        imageItems++;
        // The enlarge link is a plain link to the image when no script runs.
        await expect(form.locator('.image-option').first().getByRole('link', { name: /^View larger/ })).toHaveAttribute('href', /\/api\/s\/demo\/images\//);
        // Clicking the picture (inside the option's label) selects the option.
        await form.locator('.image-choice img').first().click();
        await expect(form.locator('input[name=answer]').first()).toBeChecked();
      } else if (await form.locator('textarea').count()) {
        await form.locator('textarea').fill('No script here.');
      } else if (await form.locator('input[name=answer]').count()) {
        const blue = form.getByLabel('Blue', { exact: true });
        await ((await blue.count()) ? blue : form.locator('input[name=answer]').first()).check();
      }
      await form.locator('button[type=submit]').click();
      await expect(page.locator(`form input[name=itemId][value="${itemId}"]`)).toHaveCount(0);
    }
    await expect(page.getByTestId('completion-code')).toBeVisible();
    expect(imageItems).toBe(2);
    const p = await participantByExternalId('E2E_NO_SCRIPT');
    expect(p?.status).toBe('completed');
    expect(p?.responses.filter((r) => r.itemId === 'happiest' || r.itemId === 'older_than_40')).toHaveLength(2);
  });
});
