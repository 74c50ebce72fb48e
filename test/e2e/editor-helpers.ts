// Builds generated-explanation options in the study editor, as a researcher would.
import type { Locator } from '@playwright/test';

export async function addGeneratedOptions(item: Locator, model: string, methods: readonly string[]): Promise<void> {
  await item.getByLabel('Generate explanations from a face photo').check();
  await item.getByLabel('Model').selectOption(model);
  for (const [i, method] of methods.entries()) {
    await item.getByRole('button', { name: 'Add option' }).click();
    const row = item.locator('.option-row').nth(i);
    await row.getByLabel('Image source').selectOption('generated');
    await row.getByLabel('Explanation method').selectOption(method);
    if (method === 'occlusion') {
      // Coarse occlusion keeps the browser tests quick.
      await row.getByLabel(/Parameters/).fill('{"window": 16, "stride": 16}');
      await row.getByLabel(/Parameters/).blur();
    }
  }
}
