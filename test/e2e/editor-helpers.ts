// Builds generated-explanation options in the study editor, as a researcher would.
import type { Locator } from '@playwright/test';

/** Coarse occlusion keeps the browser tests quick; `params` gives other methods small budgets too. */
export async function addGeneratedOptions(item: Locator, model: string, methods: readonly string[], params: Record<string, string> = {}): Promise<void> {
  const parameters: Record<string, string> = { occlusion: '{"window": 16, "stride": 16}', ...params };
  await item.getByLabel('Generate explanations from a face photo').check();
  await item.getByLabel('Model').selectOption(model);
  for (const [i, method] of methods.entries()) {
    await item.getByRole('button', { name: 'Add option' }).click();
    const row = item.locator('.option-row').nth(i);
    await row.getByLabel('Image source').selectOption('generated');
    await row.getByLabel('Explanation method').selectOption(method);
    const json = parameters[method];
    if (json) {
      await row.getByLabel(/Parameters/).fill(json);
      await row.getByLabel(/Parameters/).blur();
    }
  }
}
