// `npm run stimuli:sheet -- --study <slug> [--version N|draft] --out sheet.png`: every generated image of
// a study version on one PNG with its method, model, target, key quality measures and a WEAK mark, for
// looking at a study's stimuli before (or after) publishing. Reads the database of DATA_DIR directly,
// like the other operator commands. Exit code 2 for a wrong argument, unknown study or version.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { getStimulusReviewBySlug, reviewVersionSchema } from '@/lib/stimuli/get-stimulus-review';
import { readStimulusFile } from '@/lib/stimuli/stimulus-store';
import { renderReviewSheet } from '@/lib/stimuli/render-review-sheet';

const argsSchema = z.object({
  study: z.string({ error: 'is required (the study address, as in /s/<slug>)' }).min(1),
  version: reviewVersionSchema.optional(),
  out: z.string({ error: 'is required (where to write the PNG)' }).regex(/\.png$/i, 'must end in .png'),
  columns: z.coerce.number().int().min(1).max(12).default(5),
});

const usage = 'usage: npm run stimuli:sheet -- --study <slug> [--version N|draft] --out sheet.png [--columns 5]';

function userError(message: string): never {
  console.error(message);
  console.error(usage);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ options: { study: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' }, columns: { type: 'string' } }, strict: true }));
  } catch (e) {
    userError(e instanceof Error ? e.message : String(e));
  }
  const args = argsSchema.safeParse(values);
  if (!args.success) userError(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  let review;
  try {
    review = await getStimulusReviewBySlug({ slug: args.data.study, version: args.data.version });
  } catch (e) {
    if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'BAD_INPUT')) userError(e.message);
    throw e;
  }
  if (review.summary.total === 0) userError(`${args.data.study} ${review.version === 'draft' ? 'draft' : `version ${review.version}`} has no generated images.`);
  const png = await renderReviewSheet({
    title: review.study.title,
    subtitle: `${review.study.slug} · ${review.version === 'draft' ? 'draft' : `version ${review.version}`} · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    rows: review.rows,
    summary: review.summary,
    readImage: readStimulusFile,
    columns: args.data.columns,
  });
  const out = path.resolve(args.data.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, png);
  const s = review.summary;
  console.log(`${out}: ${s.total} stimuli, ${s.weak} weak, ${s.done} done${s.pending ? `, ${s.pending} not finished` : ''}${s.failed ? `, ${s.failed} failed` : ''}`);
  for (const w of s.weakList) console.log(`  weak: ${w.name}: ${w.reasons.join('; ')}`);
}

main().catch((e: unknown) => {
  console.error(isAppError(e) ? e.message : e);
  process.exit(1);
});
