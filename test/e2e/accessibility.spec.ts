// Automated accessibility audit (issue 16, item 14): axe-core (WCAG 2 A and AA rules) over every
// participant and researcher page, in every item kind and in the error states a visitor can reach.
// Any serious or critical violation fails the test; every state is audited even after a failure
// (soft assertions), and the run ends with a summary line of how many pages and states were audited.
// Nothing is excluded from the audit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { answerCurrentItem, waitForNextPrompt } from './answer-item';
import { createUserViaCli, signIn as signInAs } from './users';
import { e2eDb } from './db';

const PASSWORD = 'accessible-audit-password';
type Area = 'participant' | 'researcher';

/**
 * Audited states, one JSON line each, in the run's data directory: Playwright starts a new worker
 * after a failed test (module state is lost), and the summary must count the whole run.
 */
function logFile(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  return path.join(dir, 'accessibility-audit.jsonl');
}

/** Runs axe on the page as it is now; the caller has waited for the state's content. */
async function audit(page: Page, area: Area, state: string): Promise<void> {
  await page.waitForLoadState('load');
  // Generated images arrive as separate requests; axe reads an image's alt either way, but contrast
  // checks over images are only stable once they have loaded (or failed). Lazy images below the fold
  // (the review sheet, the results page's stimulus table) would never load, so they are asked for now.
  await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((i) => ((i as HTMLImageElement).loading = 'eager')));
  await expect.poll(() => page.evaluate(() => Array.from(document.images).every((i) => i.complete)), { timeout: 20_000 }).toBe(true);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
  const other = results.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => `${v.id} (${v.impact})`);
  // Moderate and minor findings do not fail the audit, but are reported rather than dropped.
  if (other.length) console.log(`[a11y] ${area}: ${state}: moderate/minor: ${other.join(', ')}`);
  fs.appendFileSync(logFile(), `${JSON.stringify({ area, state, url: new URL(page.url()).pathname, serious: serious.length })}\n`);
  expect.soft(serious, `${area}: ${state} (${page.url()})`).toEqual([]);
}

/** Method names a participant must not read in an image's alt text, caption or link (they are hidden in the studies). */
const METHOD_NAME = /occlusion|saliency|gradient|grad-?cam|inversion|invert|visuali[sz]ation|lucid|smoothgrad|\brise\b/i;

async function expectNoMethodNames(page: Page, state: string): Promise<void> {
  const names = await page.locator('form').evaluate((form) => [
    ...Array.from(form.querySelectorAll('img'), (i) => i.getAttribute('alt') ?? ''),
    ...Array.from(form.querySelectorAll('.image-choice .caption, figcaption'), (c) => c.textContent ?? ''),
    ...Array.from(form.querySelectorAll('a'), (a) => a.getAttribute('aria-label') ?? a.textContent ?? ''),
  ]);
  expect(names.length, state).toBeGreaterThan(0);
  expect(names.filter((n) => METHOD_NAME.test(n)), `${state}: image texts naming a hidden method`).toEqual([]);
}

/** What kind of item the form shows, read from its markup (names the audited state). */
async function itemKind(page: Page): Promise<string> {
  return page.locator('form').evaluate((form) => {
    if (form.querySelector('h1')) return 'information page';
    if (form.querySelector('.image-gallery')) return 'coherency (image set)';
    const grid = form.querySelector('.image-grid');
    if (grid) return `image choice (${grid.querySelector('input[type=checkbox]') ? 'several' : 'one'} of ${grid.querySelectorAll('img').length})`;
    if (form.querySelector('.likert')) return 'likert';
    if (form.querySelector('textarea')) return 'free text';
    if (form.querySelector('input[type=checkbox]')) return 'multiple choice';
    return 'single choice';
  });
}

const itemIdOf = async (page: Page) => (await page.locator('form input[name=itemId]').getAttribute('value')) ?? '';

const signIn = (page: Page, email: string) => signInAs(page, email, PASSWORD);

async function studyIdBySlug(slug: string): Promise<string> {
  const db = e2eDb();
  try {
    const r = await db.execute({ sql: 'SELECT id FROM Study WHERE slug = ?', args: [slug] });
    return String(r.rows[0]?.id ?? '');
  } finally {
    db.close();
  }
}

/** Opens a published study's consent page, waiting while its generated images are prepared (that notice is audited once). */
async function openWhenReady(page: Page, slug: string, pid: string): Promise<void> {
  const consent = page.getByRole('button', { name: 'I agree to take part' });
  await page.goto(`/s/${slug}?PROLIFIC_PID=${pid}`);
  if (await page.getByText('This study is being prepared').isVisible()) await audit(page, 'participant', `${slug}: study being prepared`);
  await expect(async () => {
    await page.goto(`/s/${slug}?PROLIFIC_PID=${pid}`);
    await expect(consent).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 300_000, intervals: [5000] });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test.afterAll(() => {
  const file = logFile();
  const rows = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { area: Area; url: string; serious: number }) : [];
  const count = (area: Area) => rows.filter((r) => r.area === area).length;
  const pages = new Set(rows.map((r) => r.url.replace(/\/(studies|s)\/[^/]+/, '/$1/:id'))).size;
  console.log(
    `[a11y] Accessibility audit (axe-core, WCAG 2 A/AA): ${rows.length} pages and states audited ` +
      `(${count('participant')} participant, ${count('researcher')} researcher; ${pages} distinct page routes); ` +
      `${rows.filter((r) => r.serious > 0).length} with serious or critical violations.`,
  );
});

test('participant pages: every item kind of the demo study, its validation errors, consent declined or refused, and the end', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await audit(page, 'participant', 'home page (open studies)');

  await page.goto('/s/demo?PROLIFIC_PID=E2E_A11Y_ITEMS');
  await expect(page.getByRole('heading', { name: 'Consent to take part' })).toBeVisible();
  await audit(page, 'participant', 'consent');
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(page.getByRole('heading', { name: 'Instructions' })).toBeVisible();

  // Required items of the demo study, each submitted once without an answer to show its error.
  const required = new Set(['dl_practitioner', 'xai_methods', 'trust_ai', 'happiest', 'attention']);
  const kinds = new Set<string>();
  for (let i = 0; i < 20 && !(await page.getByTestId('completion-code').count()); i++) {
    const itemId = await itemIdOf(page);
    const kind = await itemKind(page);
    kinds.add(kind);
    await audit(page, 'participant', `demo "${itemId}": ${kind}`);
    if (required.has(itemId)) {
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('form p.error[role=alert]')).toBeVisible();
      expect(await itemIdOf(page)).toBe(itemId);
      await audit(page, 'participant', `demo "${itemId}": ${kind}, validation error`);
    }
    if (kind.startsWith('image choice')) {
      await page.locator('form .image-option').first().getByRole('link', { name: /^View larger/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, 'participant', `demo "${itemId}": image opened larger (dialog)`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();
    }
    const signature = await answerCurrentItem(page);
    await waitForNextPrompt(page, signature);
  }
  await expect(page.getByTestId('completion-code')).toBeVisible();
  await audit(page, 'participant', 'completion code');
  // Every questionnaire kind of the demo was seen (intruder and coherency are in the unit study below).
  expect([...kinds].sort()).toEqual(['free text', 'image choice (one of 4)', 'image choice (several of 4)', 'information page', 'likert', 'multiple choice', 'single choice']);

  const declined = await newPage(browser);
  await declined.goto('/s/demo?PROLIFIC_PID=E2E_A11Y_DECLINE');
  await declined.getByRole('button', { name: 'I do not agree' }).click();
  await expect(declined.getByText('You chose not to take part')).toBeVisible();
  await audit(declined, 'participant', 'consent declined');

  const again = await newPage(browser);
  await again.goto('/s/demo?PROLIFIC_PID=E2E_A11Y_ITEMS');
  await again.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(again.locator('p.error[role=alert]')).toContainText('already taken part');
  await audit(again, 'participant', 'consent refused: already taken part');

  await page.goto('/s/no-such-study');
  await expect(page.getByRole('heading', { name: 'Study not found' })).toBeVisible();
  await audit(page, 'participant', 'study not found (404)');
});

test('participant pages: generated explanation sets (method names hidden) and the unit tasks (intruder, coherency)', async ({ page }) => {
  test.setTimeout(600_000);
  await openWhenReady(page, 'face-explanations', 'E2E_A11Y_EXPLAIN');
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  for (let i = 0; i < 10 && !(await page.locator('form .image-grid').count()); i++) {
    const signature = await answerCurrentItem(page);
    await waitForNextPrompt(page, signature);
  }
  await expect(page.locator('form .image-grid img')).toHaveCount(3);
  await audit(page, 'participant', 'face-explanations: explanation set with the face (image choice, generated)');
  await expectNoMethodNames(page, 'face-explanations');
  await page.locator('form .image-option').nth(1).getByRole('link', { name: /^View larger/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await audit(page, 'participant', 'face-explanations: explanation opened larger (dialog)');
  await page.keyboard.press('Escape');

  await openWhenReady(page, 'unit-intruders', 'E2E_A11Y_UNITS');
  await page.getByRole('button', { name: 'I agree to take part' }).click();
  const seen = new Set<string>();
  for (let i = 0; i < 12 && seen.size < 2 && !(await page.getByTestId('completion-code').count()); i++) {
    const kind = (await page.locator('form .image-gallery').count()) ? 'coherency' : (await page.locator('form .image-grid').count()) ? 'intruder' : null;
    if (kind && !seen.has(kind)) {
      seen.add(kind);
      await audit(page, 'participant', `unit-intruders: ${kind} trial`);
      await expectNoMethodNames(page, `unit-intruders ${kind}`);
    }
    const signature = await answerCurrentItem(page);
    await waitForNextPrompt(page, signature);
  }
  expect([...seen].sort()).toEqual(['coherency', 'intruder']);
});

test('researcher pages: sign-in, studies, editor, preview, stimulus review, audit trail, results, account, users and image library, with their error states', async ({ page, browser }) => {
  test.setTimeout(300_000);
  createUserViaCli('a11y-researcher@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('a11y-analyst@e2e.test', 'analyst', PASSWORD);
  createUserViaCli('a11y-admin@e2e.test', 'admin', PASSWORD);
  const analysisId = execFileSync('npx', ['tsx', '--conditions=react-server', 'test/e2e/seed-analysis-study.ts', '--slug', 'a11y-analysis', '--owner', 'a11y-researcher@e2e.test', '--analyst', 'a11y-analyst@e2e.test'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString().trim().split('\n').pop() ?? '';
  // A leave-page warning (unsaved edits) must not stop the audit's own navigation.
  page.on('dialog', (d) => void d.accept());

  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Researcher sign-in' })).toBeVisible();
  await audit(page, 'researcher', 'sign-in');
  await page.getByLabel('Email').fill('a11y-researcher@e2e.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('p.error[role=alert]')).toBeVisible({ timeout: 30_000 });
  await audit(page, 'researcher', 'sign-in error');

  await signIn(page, 'a11y-researcher@e2e.test');
  await audit(page, 'researcher', 'studies list and new-study form');
  await page.getByLabel('Title').fill('Accessibility audit');
  await page.getByLabel(/^Address/).fill('a11y-audit');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByRole('heading', { name: 'Accessibility audit' })).toBeVisible();
  const draftId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await audit(page, 'researcher', 'study page with the draft editor');

  // The editor reports an invalid field next to it.
  await page.locator('fieldset.block').first().locator('.item').first().getByLabel('Question', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();
  await audit(page, 'researcher', 'editor: invalid field');
  await page.goto(`/studies/${draftId}/preview`);
  await expect(page.getByRole('heading', { name: 'The draft cannot be previewed yet' })).toBeVisible();
  await audit(page, 'researcher', 'preview of an invalid draft');
  await page.goto(`/studies/${draftId}/audit`);
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  await audit(page, 'researcher', 'audit trail');

  // The address is taken: the form says so.
  await page.goto('/studies');
  await page.getByLabel('Title').fill('Accessibility audit again');
  await page.getByLabel(/^Address/).fill('a11y-audit');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.locator('form [role=alert], form .error').first()).toBeVisible();
  await audit(page, 'researcher', 'new-study form: address taken');

  // A published study with answers: its page, results (charts, then every table view, then a bad query).
  await page.goto(`/studies/${analysisId}`);
  await expect(page.getByTestId('study-status')).toHaveText('published');
  await audit(page, 'researcher', 'study page (published, shared with an analyst)');
  await page.goto(`/studies/${analysisId}/results`);
  await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
  await expect(page.locator('svg.recharts-surface').first()).toBeVisible();
  await audit(page, 'researcher', 'results: charts');
  // Each click turns its button into "Show chart", so always press the first one left.
  const showTable = page.getByRole('button', { name: 'Show table' });
  for (let i = 0; i < 50 && (await showTable.count()); i++) await showTable.first().click();
  await expect(showTable).toHaveCount(0);
  await audit(page, 'researcher', 'results: every figure as a table');
  await page.goto(`/studies/${analysisId}/results?version=not-a-version`);
  await expect(page.locator('p.error[role=alert]')).toBeVisible();
  await audit(page, 'researcher', 'results: options in the address not understood');

  // Closing the study: its participant link then says so.
  await page.goto(`/studies/${analysisId}`);
  await page.getByRole('button', { name: 'Close study' }).click();
  await expect(page.getByRole('button', { name: 'Reopen study' })).toBeVisible();
  const participant = await newPage(browser);
  await participant.goto('/s/a11y-analysis');
  await expect(participant.getByText('This study is closed')).toBeVisible();
  await audit(participant, 'participant', 'closed study');

  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  await audit(page, 'researcher', 'account');
  await page.goto('/images');
  await expect(page.getByRole('heading', { name: 'Image library' })).toBeVisible();
  await audit(page, 'researcher', 'image library');
  await page.goto('/studies/no-such-study');
  await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
  await audit(page, 'researcher', 'study not found (404)');

  // An admin sees the studies defined by files and the user list.
  const admin = await newPage(browser);
  admin.on('dialog', (d) => void d.accept());
  await signIn(admin, 'a11y-admin@e2e.test');
  await admin.goto('/admin/users');
  await expect(admin.getByRole('heading', { name: 'Users' })).toBeVisible();
  await audit(admin, 'researcher', 'users (admin)');
  const demoId = await studyIdBySlug('demo');
  await admin.goto(`/studies/${demoId}`);
  await expect(admin.getByRole('heading', { name: /demo of every item kind/ })).toBeVisible();
  await audit(admin, 'researcher', 'study page of a file-defined study (read-only definition)');
  await admin.goto(`/studies/${demoId}/preview`);
  await admin.getByRole('button', { name: 'I agree to take part' }).click();
  await expect(admin.getByRole('heading', { name: 'Instructions' })).toBeVisible();
  await audit(admin, 'researcher', 'preview (first page of the demo study)');
  await admin.goto(`/studies/${await studyIdBySlug('face-explanations')}/stimuli`);
  await expect(admin.getByTestId('review-cell').first()).toBeVisible();
  await audit(admin, 'researcher', 'stimulus review sheet (default study)');
});

test('pages that do not exist', async ({ page }) => {
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
  await audit(page, 'participant', 'unknown address (404)');
});
