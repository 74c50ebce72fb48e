// A dashboard table as a CSV file, cell text as shown on the page. The cells go through the same
// writer as the response exports (lib/analysis/csv-line.ts): RFC 4180 quoting, spreadsheet formulas
// neutralised, plain numbers such as -3.2 left as numbers; "—" (no value) and "−" are not formula
// triggers and stay as they are.
import { makeCsvLine } from '@/lib/analysis/csv-line';

// UTF-8 with a byte-order mark: Excel reads a CSV without one in the local ANSI code page and then
// garbles the "—", "×", "²" and "α" these tables contain. R, pandas and LibreOffice skip the mark.
export const UTF8_BOM = '\uFEFF';

/** Cell text as a reader sees it: runs of white space (line breaks, no-break spaces) one space, trimmed. */
export function cellText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Header row first, then the body rows; short rows are padded so every record has the same fields. */
export function tableToCsv(rows: readonly (readonly string[])[]): string {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const line = makeCsvLine();
  let csv = UTF8_BOM;
  for (const row of rows) csv += line(Array.from({ length: width }, (_, i) => cellText(row[i] ?? '')));
  return csv;
}
