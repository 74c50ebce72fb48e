import { expect, test } from '@playwright/test';
import { answerCurrentItem, currentPrompt, screenSignature, waitForNextPrompt } from './answer-item';
import { participantByExternalId } from './db';

// Answering "yes" to the practitioner question (its first option) shows the follow-up, so every
// participant here sees: instructions, 3 background items, 3 face items, 1 condition item,
// the comment box and the debrief page.
const EXPECTED_ITEMS = 10;

async function consent(page: import('@playwright/test').Page, pid: string) {
  await page.goto(`/s/demo?PROLIFIC_PID=${pid}&STUDY_ID=S1&SESSION_ID=X1`);
  await expect(page.getByRole('heading', { name: 'Consent to take part' })).toBeVisible();
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
}

async function finish(page: import('@playwright/test').Page): Promise<string[]> {
  const prompts: string[] = [];
  for (let i = 0; i < 20 && !(await page.getByTestId('completion-code').count()); i++) {
    const prompt = await answerCurrentItem(page);
    prompts.push(prompt);
    await waitForNextPrompt(page, prompt);
  }
  await expect(page.getByTestId('completion-code')).toBeVisible();
  return prompts;
}

test('a participant completes the demo study and every answer is stored once', async ({ page }) => {
  await consent(page, 'E2E_COMPLETE');
  // A double click on the first page must not store two answers or skip an item.
  const first = await screenSignature(page);
  await page.getByRole('button', { name: 'Continue' }).dblclick();
  await waitForNextPrompt(page, first);
  const prompts = ['Instructions', ...(await finish(page))];
  expect(prompts).toHaveLength(EXPECTED_ITEMS);

  const p = await participantByExternalId('E2E_COMPLETE');
  expect(p?.status).toBe('completed');
  expect(p?.completionCode).toBe(await page.getByTestId('completion-code').innerText());
  expect(p?.responses).toHaveLength(EXPECTED_ITEMS);
  expect(new Set(p?.responses.map((r) => r.itemId)).size).toBe(EXPECTED_ITEMS);
  expect(p?.responses.find((r) => r.itemId === 'attention')?.value).toBe('blue');
  expect(p?.responses.map((r) => r.position)).toEqual([...Array(EXPECTED_ITEMS).keys()]);
  // Response times are measured in the browser once the page has hydrated (nearly always here).
  const timed = p?.responses.filter((r) => r.responseTimeMs !== null && r.responseTimeMs > 0) ?? [];
  expect(timed.length).toBeGreaterThan(EXPECTED_ITEMS / 2);
});

test.describe('on a phone-sized screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a participant who reloads midway resumes where they left off', async ({ page }) => {
    await consent(page, 'E2E_RESUME');
    const answered: string[] = [];
    for (let i = 0; i < 4; i++) {
      const prompt = await answerCurrentItem(page);
      answered.push(prompt);
      await waitForNextPrompt(page, prompt);
    }
    const before = await currentPrompt(page);
    await page.reload();
    expect(await currentPrompt(page)).toBe(before);
    // Four screens answered (the instructions page and three questions): the counter counts questions only.
    await expect(page.getByText('Question 4 of 8')).toBeVisible();
    // Reopening the link itself also resumes.
    await page.goto('/s/demo');
    expect(await currentPrompt(page)).toBe(before);
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const rest = await finish(page);
    expect(answered.length + rest.length).toBe(EXPECTED_ITEMS);
    const p = await participantByExternalId('E2E_RESUME');
    expect(p?.status).toBe('completed');
    expect(p?.responses).toHaveLength(EXPECTED_ITEMS);
  });
});

test('a participant who declines consent ends there and only the decision is stored', async ({ page }) => {
  await page.goto('/s/demo?PROLIFIC_PID=E2E_DECLINE');
  await page.getByRole('button', { name: 'I do not agree' }).click();
  await expect(page.getByText('You chose not to take part')).toBeVisible();
  await page.reload();
  await expect(page.getByText('You chose not to take part')).toBeVisible();
  const p = await participantByExternalId('E2E_DECLINE');
  expect(p?.status).toBe('declined');
  expect(p?.condition).toBeNull();
  expect(p?.responses).toHaveLength(0);
});

test('the same external id cannot take part twice', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/s/demo?PROLIFIC_PID=E2E_COMPLETE');
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(page.locator('p.error[role=alert]')).toContainText('already taken part');
  await context.close();
});

test('images are refused to someone who is not a participant', async ({ request }) => {
  const res = await request.get('/api/s/demo/images/0123456789abcdef0123');
  expect(res.status()).toBe(401);
});

test('the study can be answered with the keyboard alone', async ({ page }) => {
  await page.goto('/s/demo?PROLIFIC_PID=E2E_KEYBOARD');
  // Tab to the agree button and press Enter.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'I agree to take part' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Instructions' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
  await page.keyboard.press('Enter');
  // A radio group: Tab focuses it, Space selects, Tab moves on to the button.
  await expect(page.locator('legend')).toHaveText(/deep learning/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Question 2 of 8')).toBeVisible();
  const p = await participantByExternalId('E2E_KEYBOARD');
  expect(p?.responses.map((r) => r.itemId)).toEqual(['instructions', 'dl_practitioner']);
});
