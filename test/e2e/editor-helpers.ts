// Builds generated-explanation options in the study editor, as a researcher would.
import type { Locator, Page } from '@playwright/test';

/**
 * Replaces the template's placeholder consent text, as a researcher must before publishing (otherwise
 * publishing asks to confirm the placeholder).
 */
export async function writeConsent(page: Page, text = 'You will judge explanations of a face model for about five minutes. Nothing identifies you; you may stop at any time.'): Promise<void> {
  const consent = page.locator('.editor section').filter({ has: page.getByRole('heading', { name: 'Consent', exact: true }) });
  await consent.getByLabel('Text', { exact: true }).fill(text);
}

/** Coarse occlusion keeps the browser tests quick; `params` gives other methods small budgets too. */
export async function addGeneratedOptions(item: Locator, model: string, methods: readonly string[], params: Record<string, string> = {}): Promise<void> {
  const parameters: Record<string, string> = { occlusion: '{"window": 16, "stride": 16}', ...params };
  await item.getByLabel('Generate explanations from a face photo').check();
  await item.getByLabel('Model').selectOption(model);
  for (const [i, method] of methods.entries()) {
    await item.getByRole('button', { name: 'Add option' }).click();
    const row = item.locator('.option-row').nth(i);
    // Alt texts participants' screen readers read: written, not the placeholder, and never naming the method.
    await row.getByLabel('Alt text').fill(`Explanation ${String.fromCharCode(65 + i)} of the face`);
    await row.getByLabel('Image source').selectOption('generated');
    await row.getByLabel('Explanation method').selectOption(method);
    const json = parameters[method];
    if (json) {
      await row.getByLabel(/Parameters/).fill(json);
      await row.getByLabel(/Parameters/).blur();
    }
  }
}
